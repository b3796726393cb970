using System.Globalization;
using System.Net;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Sequencing.Sqlite;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Platform.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Tests.Observability;

/// <summary>The platform's <c>/metrics</c>: served on its own listener only, with the sequence-gap gauges read from the ledger.</summary>
[TestFixture]
public sealed class MetricsEndpointTests
{
    [Test]
    public async Task Metrics_are_served_on_the_metrics_listener_only_and_count_the_sequence_gaps_of_the_last_day()
    {
        using var folder = new TempFolder("coldchain-platform-metrics");
        var telemetry = folder.Combine("telemetry.db");
        var now = TimeProvider.System.GetUtcNow();
        var ledger = new SqliteSequenceLedger(Options.Create(new SqliteStoreOptions { Path = telemetry }));
        await ledger.RecordAsync([Receipt("gw-1", 1, now), Receipt("gw-1", 2, now), Receipt("gw-1", 5, now), Receipt("gw-2", 1, now), Receipt("gw-2", 2, now)], CancellationToken.None);
        SqliteConnection.ClearAllPools();
        var port = FreePort.Next();

        await using var platform = await TestPlatform.StartAsync(
            Database.Sqlite, $"--Metrics:Url=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", $"--Storage:Sqlite:Path={telemetry}");
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/metrics");

        var text = await Eventually.ReturnsAsync(
            () => http.GetStringAsync(metrics),
            t => Sample(t, "coldchain_sequence_gaps_missing_batches") == "2",
            TimeSpan.FromSeconds(20),
            "the gap gauge refreshed");
        using var onApiPort = await platform.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(Sample(text, "coldchain_sequence_gaps_gateways"), Is.EqualTo("1"));
            Assert.That(text, Does.Contain("service_name=\"coldchain-platform\""));
            // No endpoint there: the closed-by-default fallback policy answers an anonymous caller 401.
            // Unknown to the API port: a signed-out browser is sent to the login page, nothing is served.
            Assert.That(onApiPort.StatusCode, Is.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Found), "the API's port does not serve /metrics");
        });
    }

    [Test]
    public async Task The_api_port_does_not_serve_metrics_to_a_caller_that_names_the_metrics_port_in_its_host_header()
    {
        var port = FreePort.Next();
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite, $"--Metrics:Url=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Host = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

        using var spoofed = await platform.Http.SendAsync(request);

        Assert.That(spoofed.StatusCode, Is.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Found), "the connection's port decides, not the Host header");
    }

    /// <summary>The value of a metric's one sample, whatever its labels (<c>name{otel_scope_name="…"} 2</c>).</summary>
    private static string? Sample(string exposition, string name) =>
        exposition.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf(' ') + 1)..]).FirstOrDefault();

    private static BatchReceipt Receipt(string gateway, long seq, DateTimeOffset now) =>
        new("site-1", gateway, seq, now.AddHours(-1).AddMinutes(seq), now.AddHours(-1).AddMinutes(seq).AddSeconds(30));
}
