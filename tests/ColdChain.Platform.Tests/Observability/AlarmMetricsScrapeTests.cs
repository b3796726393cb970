using System.Globalization;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Data;
using ColdChain.Platform.Tests.Alarms;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Observability;

/// <summary>
/// What Prometheus sees after a real alarm: a truck's gateway on mosquitto warms past 8 °C, the platform raises the
/// alarm and tries to e-mail a mail server that is down; a scrape of <c>/metrics</c> then carries the evaluation
/// latency, the raised alarm and the failed deliveries.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class AlarmMetricsScrapeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_raised_alarm_and_an_unreachable_mail_server_show_in_the_scraped_alarm_instruments()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        var metricsPort = FreePort.Next();
        var deadMailPort = FreePort.Next(); // nothing listens there: every e-mail attempt fails
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite,
            $"--Metrics:Url=http://127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}",
            "--Alarms:MonitorEnabled=true",
            $"--Alarms:ClientId=alarms-{Guid.NewGuid():N}",
            $"--Ingest:Broker:Host={mosquitto.Host}",
            $"--Ingest:Broker:Port={mosquitto.Port}",
            "--Alarms:CheckInterval=00:00:00.100",
            "--Alarms:AssetProfiles:0:Asset=truck-3",
            "--Alarms:AssetProfiles:0:Profile=pharma-2-8",
            "--Notifications:Email:Host=127.0.0.1",
            $"--Notifications:Email:Port={deadMailPort.ToString(CultureInfo.InvariantCulture)}",
            "--Notifications:Email:Security=None",
            "--Registry:Assets:0:Id=truck-3", "--Registry:Assets:0:Name=Truck", "--Registry:Assets:0:Kind=Truck", "--Registry:Assets:0:Site=fleet");
        await platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            (await db.Sites.SingleAsync(x => x.Id == "fleet")).AlarmContacts = ["dispatch@test.coldchain.local"];
            return await db.SaveChangesAsync();
        });
        await platform.App.Services.GetRequiredService<AlarmDirectory>().RefreshAsync(CancellationToken.None);
        var monitor = platform.App.Services.GetRequiredService<AlarmMonitor>();
        await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the alarm monitor subscribed");
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}/metrics");
        var before = await http.GetStringAsync(metrics);

        await using var truck = await TruckStandIn.ConnectAsync(mosquitto.Host, mosquitto.Port, "fleet", "gw-truck-3", "truck-3");
        var now = TimeProvider.System.GetUtcNow();
        await truck.OnlineAsync(now);
        double[] warming = [5, 6.5, 8.2, 9.5];
        await truck.SendAsync(warming.Select((c, i) => (now.AddMinutes(i - warming.Length + 1), c)), now);

        var after = await Eventually.ReturnsAsync(
            () => http.GetStringAsync(metrics),
            t => Sum(t, "coldchain_alarms_notifications_failed") > 0 && Sum(t, "coldchain_alarms_raised") > 0,
            Wait,
            "the raised alarm and a failed e-mail in the scrape");

        Assert.Multiple(() =>
        {
            Assert.That(Sum(before, "coldchain_alarms_raised"), Is.Zero, "nothing before the excursion");
            Assert.That(Sum(after, "coldchain_alarms_raised", "condition=\"above_range\""), Is.EqualTo(1), after);
            Assert.That(Sum(after, "coldchain_alarms_notifications_failed", "channel=\"email\""), Is.GreaterThan(0), after);
            Assert.That(Sum(after, "coldchain_alarms_evaluation_duration", suffix: "_count"), Is.GreaterThan(0), "messages judged, latency recorded");
            Assert.That(Sum(after, "coldchain_alarms_evaluation_duration", suffix: "_sum"), Is.GreaterThan(0));
            Assert.That(after, Does.Contain("# TYPE coldchain_alarms_evaluation_duration"), "a histogram with its type line");
        });
    }

    /// <summary>
    /// The sum of every sample of a metric family (counters carry <c>_total</c>, histograms <c>_count</c>/<c>_sum</c>; the
    /// exporter may add the unit to the name), optionally only those whose labels contain <paramref name="label"/>.
    /// </summary>
    private static double Sum(string exposition, string family, string? label = null, string suffix = "_total") =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(family, StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => (Name: l[..l.IndexOfAny(['{', ' '])], Line: l))
            .Where(s => s.Name.EndsWith(suffix, StringComparison.Ordinal) && (label is null || s.Line.Contains(label, StringComparison.Ordinal)))
            .Sum(s => double.Parse(s.Line[(s.Line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
