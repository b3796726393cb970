namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>
/// A real platform and a headless Chromium shared by one fixture's tests. Every test fails on an error the platform
/// logged or a console error in the page while it ran.
/// </summary>
public abstract class BrowserFixture
{
    private protected WebPlatform Platform { get; private set; } = null!;

    private protected Chromium Chromium { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartPlatformAndBrowser()
    {
        Platform = await WebPlatform.StartAsync();
        Chromium = await Chromium.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopPlatformAndBrowser()
    {
        await Chromium.DisposeAsync();
        await Platform.DisposeAsync();
    }

    [SetUp]
    public void ClearConsole() => Chromium.ConsoleErrors.Clear();

    [TearDown]
    public void NoErrors() => Assert.Multiple(() =>
    {
        Assert.That(Platform.ServerErrors.Take(), Is.Empty, "server errors");
        Assert.That(Chromium.ConsoleErrors, Is.Empty, "console errors");
    });
}
