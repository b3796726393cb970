using System.Diagnostics;
using System.Globalization;
using ColdChain.Ingest.LoadTest.Load;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// influxd stopped mid-run for a minute while the fleet keeps publishing: ingest holds its batches unacknowledged,
/// the broker keeps the rest, and after influxd is back everything drains. Zero loss; memory stays bounded.
/// </summary>
public static class StoreOutageScenario
{
    public sealed record Settings(double ReadingsPerSecond = 5_000, double SecondsBefore = 10, double OutageSeconds = 60, double SecondsAfter = 10, TimeSpan? DrainTimeout = null);

    public static async Task<ProofResult> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        await using var servers = await Servers.StartAsync(cancellationToken);
        var database = Servers.NewName("outage");
        var site = "outage";
        using var probe = new InfluxProbe(servers.Influx.Url, database);
        var fleet = new Fleet(LoadShape.FewLargeBatches, site, TimeProvider.System);
        await using var ingest = await InProcessIngest.StartAsync(
            IngestSettings.For(servers.Broker.Port, servers.Influx.Url, database, "loadtest-ingest-outage", "ingest"), cancellationToken);
        await using var publisher = await LoadPublisher.ConnectAsync(servers.Broker.Port, cancellationToken: cancellationToken);

        var total = TimeSpan.FromSeconds(settings.SecondsBefore + settings.OutageSeconds + settings.SecondsAfter);
        var publishing = Pacer.RunAsync(fleet, publisher, settings.ReadingsPerSecond, total, long.MaxValue, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(settings.SecondsBefore), cancellationToken);

        await servers.Influx.StopAsync();
        var storedAtStop = ingest.Stored;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  influxd stopped after {storedAtStop:N0} readings stored; outage {settings.OutageSeconds} s"));
        long peakWorkingSet = 0;
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed.TotalSeconds < settings.OutageSeconds)
        {
            peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
            await Task.Delay(250, cancellationToken);
        }

        var storedDuringOutage = ingest.Stored - storedAtStop;
        var availableDuringOutage = ingest.Readiness.IsStoreAvailable;
        await servers.Influx.StartAgainAsync(cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  influxd back; peak working set during the outage {peakWorkingSet / (1024 * 1024)} MiB (publisher and ingest in this process)"));
        await publishing;

        await probe.WaitForReadingsAsync(site, fleet.TotalReadings, settings.DrainTimeout ?? TimeSpan.FromMinutes(5), cancellationToken);
        var (exact, summary) = ProofResult.Compare(fleet.ReadingsPerGateway, await probe.ReadingsPerGatewayAsync(site, cancellationToken));
        var passed = exact && storedDuringOutage == 0 && !availableDuringOutage;
        return new ProofResult(
            string.Create(CultureInfo.InvariantCulture, $"influxd stopped for {settings.OutageSeconds} s mid-run"),
            passed,
            string.Create(CultureInfo.InvariantCulture, $"{summary}; stored during the outage {storedDuringOutage}; peak working set {peakWorkingSet / (1024 * 1024)} MiB"));
    }
}
