using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using ColdChain.Platform.Web;

namespace ColdChain.Platform.Tests.Web;

/// <summary>Every text the pages and their scripts show has its Simplified Chinese translation.</summary>
public sealed partial class StringsTests
{
    [GeneratedRegex(@"\b(?:T|text)\[""((?:[^""\\]|\\.)+)""")]
    private static partial Regex LocalizedText();

    [Test]
    public void Every_page_text_has_a_zh_CN_translation()
    {
        var web = Path.Combine(RepositoryRoot(), "platform", "ColdChain.Platform", "Web");
        var used = Directory.EnumerateFiles(web, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => LocalizedText().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Concat(ClientTexts.For(new KeyEcho()).Keys)
            .Concat(AlarmsModel.ReasonPresets)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var resources = new ResourceManager(typeof(Strings).FullName!, typeof(Strings).Assembly);
        var chinese = CultureInfo.GetCultureInfo("zh-CN");

        var missing = used.Where(key => resources.GetString(key, chinese) is not { } zh || zh == key).ToList();

        Assert.That(used, Has.Count.GreaterThan(80), "the scan found the pages' texts");
        Assert.That(missing, Is.Empty, "add these to Web/Strings.zh-CN.resx");
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ColdChain.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("ColdChain.sln not found above the test folder");
    }

    private sealed class KeyEcho : Microsoft.Extensions.Localization.IStringLocalizer
    {
        public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);

        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => new(name, name);

        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
