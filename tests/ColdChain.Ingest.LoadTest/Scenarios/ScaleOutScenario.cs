using System.Globalization;
using ColdChain.Ingest.LoadTest.Load;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// N standalone ingest workers (separate processes, stable distinct client ids) in one shared-subscription group on one
/// mosquitto, fed by a fleet of many gateways at a steady rate: every reading is stored exactly once, and each worker's
/// share is read from its own <c>/metrics</c>. Run once with one worker as the same-run baseline, then with N.
/// </summary>
public static class ScaleOutScenario
{
    public sealed record Settings(
        int Instances = 3, int Gateways = 1_000, int ReadingsPerMessage = 10, double ReadingsPerSecond = 10_000, double Seconds = 60, TimeSpan? DrainTimeout = null);

    public static async Task<ProofResult> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        await using var servers = await Servers.StartAsync(cancellationToken);
        var database = Servers.NewName("scale");
        var site = "scale";
        using var probe = new InfluxProbe(servers.Influx.Url, database);
        await probe.CreateDatabaseAsync(cancellationToken);
        var shape = new LoadShape($"{settings.Gateways:N0} gateways x {settings.ReadingsPerMessage} readings/message", settings.Gateways, settings.ReadingsPerMessage);
        var fleet = new Fleet(shape, site, TimeProvider.System);
        var workers = new List<IngestWorkerProcess>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            for (var i = 1; i <= settings.Instances; i++)
            {
                workers.Add(await IngestWorkerProcess.StartAsync(IngestSettings.For(servers.Broker.Port, servers.Influx.Url, database, $"loadtest-ingest-scale-{i}", "ingest"), cancellationToken));
            }

            await using var publisher = await LoadPublisher.ConnectAsync(servers.Broker.Port, cancellationToken: cancellationToken);
            var started = TimeProvider.System.GetTimestamp();
            var messages = await Pacer.RunAsync(fleet, publisher, settings.ReadingsPerSecond, TimeSpan.FromSeconds(settings.Seconds), long.MaxValue, cancellationToken);
            var publishSeconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            var stored = await probe.WaitForReadingsAsync(site, fleet.TotalReadings, settings.DrainTimeout ?? TimeSpan.FromMinutes(5), cancellationToken);
            var drainedSeconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;

            var shares = new List<double>();
            foreach (var worker in workers)
            {
                var text = await PrometheusScrape.ReadAsync(http, worker.MetricsUrl!, cancellationToken);
                shares.Add(PrometheusScrape.Sum(text, "coldchain_ingest_readings_stored_total") ?? 0);
            }

            var (exact, summary) = ProofResult.Compare(fleet.ReadingsPerGateway, await probe.ReadingsPerGatewayAsync(site, cancellationToken));
            var total = shares.Sum();
            var perInstance = string.Join(", ", shares.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"#{i + 1} {s:N0} ({(total > 0 ? s / total : 0):P1})")));
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  {settings.Instances} instance(s), {shape.Name}: published {fleet.TotalReadings:N0} readings ({messages:N0} messages) in {publishSeconds:0.0} s = {fleet.TotalReadings / publishSeconds:N0}/s; all {stored:N0} stored after {drainedSeconds:0.0} s = {stored / drainedSeconds:N0} readings/s end to end; per instance (from /metrics): {perInstance}"));
            return new ProofResult(
                $"{settings.Instances} ingest instance(s) in one shared-subscription group, {shape.Name}",
                exact && shares.All(s => s > 0),
                string.Create(CultureInfo.InvariantCulture, $"{summary}; {stored / drainedSeconds:N0} readings/s end to end; per instance {perInstance}; instance writes total {total:N0}"));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
