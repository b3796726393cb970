using System.Globalization;
using ColdChain.Ingest.LoadTest.Load;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// End-to-end throughput: a fleet publishes to mosquitto at a target rate; ingest (in this process, wired as in
/// production) writes to influxd. Reports readings/s acknowledged into InfluxDB over the window, p50/p99 from measurement
/// time to stored, zero loss after draining, and, on the same influxd in the same run, the raw line-protocol baseline.
/// </summary>
public static class Benchmark
{
    public sealed record Settings(double Seconds = 60, double WarmUpSeconds = 5, double BaselineSeconds = 15, double? RateA = null, double? RateB = null, TimeSpan? DrainTimeout = null);

    public sealed record ShapeResult(
        LoadShape Shape, double TargetRate, double PublishedRate, double StoredRate, double P50Ms, double P99Ms, bool ZeroLoss, string LossSummary,
        RawBaseline.Result SameBatches, RawBaseline.Result BigBatches)
    {
        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"""
              {Shape.Name}
                end to end   : {StoredRate,10:N0} readings/s stored (published {PublishedRate:N0}/s, target {TargetRate:N0}/s); latency p50 {P50Ms:N0} ms, p99 {P99Ms:N0} ms; zero loss: {(ZeroLoss ? "yes" : "NO")} ({LossSummary})
                raw baseline : {SameBatches.ReadingsPerSecond,10:N0} readings/s, same batches ({SameBatches.LinesPerWrite} lines/write, 8 writers; write p50 {SameBatches.P50Ms:N1} ms, p99 {SameBatches.P99Ms:N1} ms)
                               {BigBatches.ReadingsPerSecond,10:N0} readings/s, {BigBatches.LinesPerWrite}-line writes (4 writers)
                ratio        : end to end / same-batch baseline = {StoredRate / SameBatches.ReadingsPerSecond:0.00}; / {BigBatches.LinesPerWrite}-line baseline = {StoredRate / BigBatches.ReadingsPerSecond:0.00}
            """);
    }

    public static async Task<IReadOnlyList<ShapeResult>> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var results = new List<ShapeResult>();
        foreach (var (shape, rate) in new[] { (LoadShape.FewLargeBatches, settings.RateA ?? 120_000), (LoadShape.ManySmallBatches, settings.RateB ?? 50_000) }.Where(s => s.Item2 > 0))
        {
            await using var servers = await Servers.StartAsync(cancellationToken);
            var result = await RunShapeAsync(servers, shape, rate, settings, output, cancellationToken);
            await output.WriteLineAsync(result.Describe());
            results.Add(result);
        }

        return results;
    }

    private static async Task<ShapeResult> RunShapeAsync(Servers servers, LoadShape shape, double rate, Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var database = Servers.NewName("bench");
        var site = "bench";
        using var probe = new InfluxProbe(servers.Influx.Url, database);
        var fleet = new Fleet(shape, site, TimeProvider.System);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {shape.Name}: {settings.WarmUpSeconds} s warm-up + {settings.Seconds} s at {rate:N0} readings/s"));
        long published;
        double storedRate;
        double[] latencies;
        await using (var ingest = await InProcessIngest.StartAsync(
            IngestSettings.For(servers.Broker.Port, servers.Influx.Url, database, "loadtest-ingest-bench", "ingest"), cancellationToken))
        {
            await using var publisher = await LoadPublisher.ConnectAsync(servers.Broker.Port, clients: 4, inFlightPerClient: 200, cancellationToken);
            var total = TimeSpan.FromSeconds(settings.WarmUpSeconds + settings.Seconds);
            var started = TimeProvider.System.GetTimestamp();
            var publishing = Pacer.RunAsync(fleet, publisher, rate, total, long.MaxValue, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(settings.WarmUpSeconds), cancellationToken);
            ingest.RecordLatency(true);
            var storedBefore = ingest.Stored;
            var windowStart = TimeProvider.System.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(settings.Seconds), cancellationToken);
            var stored = ingest.Stored - storedBefore;
            storedRate = stored / TimeProvider.System.GetElapsedTime(windowStart).TotalSeconds;
            ingest.RecordLatency(false);
            await publishing;
            published = fleet.TotalReadings;
            var publishSeconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  published {published:N0} readings in {publishSeconds:0.0} s; draining"));
            await probe.WaitForReadingsAsync(site, published, settings.DrainTimeout ?? TimeSpan.FromMinutes(3), cancellationToken);
            latencies = ingest.Latencies();
        }

        var (exact, summary) = ProofResult.Compare(fleet.ReadingsPerGateway, await probe.ReadingsPerGatewayAsync(site, cancellationToken));
        var publishedRate = published / (settings.WarmUpSeconds + settings.Seconds);
        var baselineDuration = TimeSpan.FromSeconds(settings.BaselineSeconds);
        var same = await RawBaseline.RunAsync(shape, servers.Influx.Url, baselineDuration, messagesPerWrite: 1, writers: 8, cancellationToken);
        var big = await RawBaseline.RunAsync(shape, servers.Influx.Url, baselineDuration, messagesPerWrite: 5000 / shape.ReadingsPerMessage, writers: 4, cancellationToken);
        return new ShapeResult(
            shape, rate, publishedRate, storedRate, Percentiles.Of(latencies, 50) * 1000, Percentiles.Of(latencies, 99) * 1000, exact, summary, same, big);
    }
}
