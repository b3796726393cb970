using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace ColdChain.Production.Tests.Compose;

/// <summary>docker-compose.yml as plain data, with YAML anchors and merge keys resolved as compose resolves them.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(Dictionary<object, object> root) => Root = root;

    public Dictionary<object, object> Root { get; }

    public IReadOnlyDictionary<string, Dictionary<object, object>> Services =>
        Map(Root["services"]).ToDictionary(s => (string)s.Key, s => Map(s.Value));

    public IEnumerable<string> DeclaredVolumes => Root.TryGetValue("volumes", out var volumes) ? Map(volumes).Keys.Cast<string>() : [];

    public static ComposeFile Load()
    {
        var text = File.ReadAllText(Repository.PathOf("docker-compose.yml"));
        var parser = new MergingParser(new Parser(new StringReader(text)));
        return new ComposeFile(new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(parser));
    }

    public static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    public static IReadOnlyDictionary<string, string> Environment(Dictionary<object, object> service) =>
        service.TryGetValue("environment", out var environment)
            ? Map(environment).ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? string.Empty)
            : new Dictionary<string, string>();

    public static IEnumerable<string> List(Dictionary<object, object> service, string key) =>
        service.TryGetValue(key, out var value) ? ((List<object>)value).Select(v => v.ToString()!) : [];
}
