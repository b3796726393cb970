using Microsoft.Playwright;

namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>
/// Debian's chromium driven by Playwright (no browser download): one browser per fixture, one context per test.
/// Every page's console errors and failed scripts are collected; screenshots go to one temp folder for a person to look at.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static string Screenshots { get; } = Path.Combine(Path.GetTempPath(), "coldchain-web-screenshots");

    public List<string> ConsoleErrors { get; } = [];

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail($"{Executable} is missing: apt-get install chromium (build.sh test installs it)");
        }

        Directory.CreateDirectory(Screenshots);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        return new Chromium(playwright, browser);
    }

    public async Task<IPage> NewPageAsync(Uri baseUrl, int width = 1440, int height = 900, string? language = null, bool serviceWorkers = false)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = language ?? "en-GB",
            ServiceWorkers = serviceWorkers ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block,
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (ConsoleErrors)
                {
                    ConsoleErrors.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (ConsoleErrors)
            {
                ConsoleErrors.Add($"{page.Url}: {error}");
            }
        };
        return page;
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").Or(page.Locator("#Email")).First.FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("form button[type=submit].primary").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    /// <summary>axe-core (vendored in Web/axe) on the page as it is now: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(AppContext.BaseDirectory, "Web", "axe", "axe.min.js") });
        var violations = await page.EvaluateAsync<string[]>(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')}`))");
        Assert.That(violations, Is.Empty, $"axe-core on {page.Url}");
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        await TestContext.Out.WriteLineAsync($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
