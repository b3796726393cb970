using System.Diagnostics;
using ColdChain.Edge.Outbox;
using ColdChain.Edge.Uplink;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ColdChain.Edge.Benchmarks;

/// <summary>
/// A 24-hour backlog of 64 sensors at 30 s (2,880 batches of 64 readings = 184,320 readings) persisted in the durable
/// outbox on disk, then drained by the real uplink to a real mosquitto, counted by a subscriber.
/// </summary>
internal static class DrainBenchmark
{
    public const int Sensors = 64;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Backlog = TimeSpan.FromHours(24);

    public static async Task RunAsync()
    {
        using var data = new TempFolder("coldchain-bench-drain");
        var rounds = (int)(Backlog / Interval);
        var start = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var outbox = DurableOutbox.Open(data.Combine("gw-bench", DurableOutbox.FileName), OutboxLimits.Default, TimeProvider.System, NullLogger.Instance);

        var fill = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            var at = start + (Interval * round);
            var readings = Enumerable.Range(0, Sensors).Select(s => new Reading
            {
                Sensor = $"s{s:00}", Asset = $"asset-{s / 4:00}", Time = at, Quantity = Quantity.Temperature, Unit = "°C",
                Value = Math.Round(3 + Math.Sin(round / 20.0 + s), 2), Status = ReadingStatus.Ok,
            }).ToArray();
            outbox.Append(TopicKind.Telemetry, at, seq => ProtocolCodec.Encode(new TelemetryBatch { Site = "bench", Gateway = "gw-bench", Seq = seq, SentAt = at, Readings = readings }));
        }

        fill.Stop();
        var bytes = outbox.Bytes;
        Console.WriteLine($"drain: backlog {rounds} batches × {Sensors} readings = {rounds * Sensors:N0} readings, {bytes / 1024.0 / 1024.0:F1} MiB payload; " +
            $"appended with one fsync each in {fill.Elapsed.TotalSeconds:F1} s ({rounds / fill.Elapsed.TotalSeconds:F0} batches/s)");

        await using var broker = await MosquittoServer.StartAsync();
        await using var witness = await TelemetryWitness.StartAsync(broker.Host, broker.Port);
        var settings = new UplinkSettings("bench", "gw-bench", broker.Host, broker.Port) { StatusInterval = TimeSpan.FromHours(1) };
        await using var uplink = new MqttUplink(settings, outbox, new GatewayStatusReport(settings, outbox, TimeProvider.System, true), TimeProvider.System, new Random(1), NullLogger.Instance);
        using var stop = new CancellationTokenSource();

        var drain = Stopwatch.StartNew();
        var running = uplink.RunAsync(stop.Token);
        while (outbox.Count > 0)
        {
            await Task.Delay(10);
        }

        drain.Stop();
        var acknowledged = drain.Elapsed;
        while (witness.Readings.Count() < rounds * Sensors && drain.Elapsed < TimeSpan.FromSeconds(acknowledged.TotalSeconds + 60))
        {
            await Task.Delay(50);
            drain.Start();
        }

        await stop.CancelAsync();
        await running;
        await uplink.StopAsync();
        outbox.Dispose();
        Console.WriteLine($"drain: all {rounds} batches acknowledged by mosquitto (PUBACK) and deleted in {acknowledged.TotalSeconds:F2} s " +
            $"({rounds * Sensors / acknowledged.TotalSeconds:N0} readings/s); the subscriber counted {witness.Readings.Count():N0} readings");
    }
}
