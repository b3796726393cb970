using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ColdChain.Testing;

namespace ColdChain.EndToEnd.Tests;

/// <summary>The README's first command, run as a user runs it: a separate process with <c>--demo</c>.</summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed partial class DemoTests
{
    [GeneratedRegex(@"API key \([^)]*readings:read[^)]*\): (?<key>cck_\S+)")]
    private static partial Regex DemoApiKey();

    [Test]
    public async Task The_demo_serves_readings_for_every_demo_asset_within_30_seconds()
    {
        using var data = new TempFolder("coldchain-demo");
        var url = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var platformDll = Path.Combine(AppContext.BaseDirectory, "ColdChain.Platform.dll");
        await using var demo = ServerProcess.Start(
            "dotnet",
            $"\"{platformDll}\" --demo --urls={url} --DataDirectory={data.Path} --Embedded:Broker:Port={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            AppContext.BaseDirectory);
        var startedAt = TimeProvider.System.GetUtcNow();
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        // The demo prints one account per role and an order-platform API key; the test reads the key as a user would.
        var key = await Eventually.ReturnsAsync(() => Task.FromResult(DemoApiKey().Match(demo.Output)), m => m.Success, TimeSpan.FromSeconds(30), "the demo's printed API key");
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Groups["key"].Value);
        foreach (var role in new[] { "Operator", "Driver", "ComplianceOfficer", "Admin" })
        {
            Assert.That(demo.Output, Does.Match($@"{role}\s+\S+@demo\.coldchain\.local\s+password: \S{{12,}}"), $"the demo prints a {role} account");
        }

        var assets = await Eventually.ReturnsAsync(() => TryGetAssetsAsync(http), a => a.Count > 0, TimeSpan.FromSeconds(30), "the demo's asset list");
        Assert.That(assets.Count(a => a.Kind == "cold_room"), Is.GreaterThanOrEqualTo(3), "at least 3 cold rooms");
        Assert.That(assets.Count(a => a.Kind == "truck"), Is.GreaterThanOrEqualTo(2), "at least 2 trucks");

        foreach (var asset in assets)
        {
            var remaining = TimeSpan.FromSeconds(30) - (TimeProvider.System.GetUtcNow() - startedAt);
            await Eventually.ReturnsAsync(
                () => CountReadingsAsync(http, asset.Id),
                n => n > 0,
                remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1),
                $"readings of {asset.Id} within 30 s of the demo's start\n{demo.Output}");
        }

        Assert.That(demo.Output, Does.Contain(url), "the demo prints its URL");
    }

    private static async Task<List<ApiAsset>> TryGetAssetsAsync(HttpClient http)
    {
        try
        {
            return await http.GetFromJsonAsync<List<ApiAsset>>("/api/assets", JsonSerializerOptions.Web) ?? [];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    private static async Task<int> CountReadingsAsync(HttpClient http, string asset)
    {
        var readings = await http.GetFromJsonAsync<List<JsonElement>>($"/api/assets/{asset}/readings", JsonSerializerOptions.Web);
        return readings?.Count ?? 0;
    }
}
