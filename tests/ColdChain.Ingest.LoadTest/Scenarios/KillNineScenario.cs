using System.Globalization;
using ColdChain.Ingest.LoadTest.Load;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// kill -9 of the ingest worker every few seconds while the fleet publishes: afterwards every reading is in InfluxDB
/// exactly once. Proves acknowledge-after-write plus the persistent session: what the killed worker had received but
/// not stored comes back to its successor (same client id).
/// </summary>
public static class KillNineScenario
{
    public sealed record Settings(long Readings = 200_000, double ReadingsPerSecond = 10_000, double MinSecondsAlive = 2, double MaxSecondsAlive = 5, TimeSpan? DrainTimeout = null);

    public static async Task<ProofResult> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        await using var servers = await Servers.StartAsync(cancellationToken);
        var database = Servers.NewName("kill9");
        var site = "kill9";
        var ingest = IngestSettings.For(servers.Broker.Port, servers.Influx.Url, database, "loadtest-ingest-kill9", "ingest");
        using var probe = new InfluxProbe(servers.Influx.Url, database);
        var fleet = new Fleet(LoadShape.FewLargeBatches, site, TimeProvider.System);
        await using var publisher = await LoadPublisher.ConnectAsync(servers.Broker.Port, cancellationToken: cancellationToken);

        var worker = await IngestWorkerProcess.StartAsync(ingest, cancellationToken);
        using var stopKilling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var kills = 0;
        var killer = Task.Run(
            async () =>
            {
                while (!stopKilling.IsCancellationRequested)
                {
                    var alive = settings.MinSecondsAlive + (Random.Shared.NextDouble() * (settings.MaxSecondsAlive - settings.MinSecondsAlive));
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(alive), stopKilling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    await worker.KillAsync();
                    kills++;
                    await worker.DisposeAsync();
                    worker = await IngestWorkerProcess.StartAsync(ingest, cancellationToken);
                }
            },
            cancellationToken);

        var started = TimeProvider.System.GetTimestamp();
        await Pacer.RunAsync(fleet, publisher, settings.ReadingsPerSecond, TimeSpan.MaxValue, settings.Readings, cancellationToken);
        await stopKilling.CancelAsync();
        await killer;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  kill -9: published {fleet.TotalReadings:N0} readings in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s with {kills} kills; draining"));

        await probe.WaitForReadingsAsync(site, fleet.TotalReadings, settings.DrainTimeout ?? TimeSpan.FromMinutes(3), cancellationToken);
        var (exact, summary) = ProofResult.Compare(fleet.ReadingsPerGateway, await probe.ReadingsPerGatewayAsync(site, cancellationToken));
        await worker.DisposeAsync();
        return new ProofResult("kill -9 of ingest every few seconds", exact && kills > 0, string.Create(CultureInfo.InvariantCulture, $"{summary}; {kills} kills"));
    }
}
