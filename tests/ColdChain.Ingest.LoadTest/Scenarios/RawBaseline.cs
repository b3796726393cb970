using System.Diagnostics;
using System.Globalization;
using System.Text;
using ColdChain.Ingest.LoadTest.Load;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// The baseline: the same batches a fleet would publish, written as raw line protocol straight to influxd with
/// <c>POST /write</c> (no broker, no ingest), as fast as a few concurrent writers can.
/// </summary>
public static class RawBaseline
{
    public sealed record Result(double ReadingsPerSecond, double P50Ms, double P99Ms, int LinesPerWrite);

    /// <param name="messagesPerWrite">1 = one write per published message (the same batches); more = several messages per write.</param>
    public static async Task<Result> RunAsync(
        LoadShape shape, Uri influx, TimeSpan duration, int messagesPerWrite, int writers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var database = Servers.NewName("baseline");
        using var probe = new InfluxProbe(influx, database);
        await probe.CreateDatabaseAsync(cancellationToken);
        var fleet = new Fleet(shape, "baseline", TimeProvider.System);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var uri = new Uri(influx, $"write?db={database}&precision=ms");
        var latencies = new List<double>();
        long readings = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(
            async () =>
            {
                var lines = new StringBuilder();
                while (clock.Elapsed < duration)
                {
                    lines.Clear();
                    var count = 0;
                    for (var m = 0; m < messagesPerWrite; m++)
                    {
                        var (_, batch) = fleet.Next();
                        foreach (var reading in batch.Readings)
                        {
                            AppendLine(lines, batch, reading);
                            count++;
                        }
                    }

                    var started = Stopwatch.GetTimestamp();
                    using var body = new StringContent(lines.ToString(), Encoding.UTF8, "text/plain");
                    using var response = await http.PostAsync(uri, body, cancellationToken);
                    response.EnsureSuccessStatusCode();
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (latencies)
                    {
                        latencies.Add(ms);
                    }

                    Interlocked.Add(ref readings, count);
                }
            },
            cancellationToken)));
        var seconds = clock.Elapsed.TotalSeconds;
        var samples = latencies.ToArray();
        return new Result(readings / seconds, Percentiles.Of(samples, 50), Percentiles.Of(samples, 99), messagesPerWrite * shape.ReadingsPerMessage);
    }

    private static void AppendLine(StringBuilder lines, TelemetryBatch batch, Reading reading) =>
        lines.Append(CultureInfo.InvariantCulture, $"temperature,site={batch.Site},gateway={batch.Gateway},asset={reading.Asset},sensor={reading.Sensor} value={reading.Value!.Value.ToString("R", CultureInfo.InvariantCulture)},status=\"ok\" {reading.Time.ToUnixTimeMilliseconds()}\n");
}
