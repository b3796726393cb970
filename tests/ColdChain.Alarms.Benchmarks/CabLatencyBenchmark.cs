using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ColdChain.Platform;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Alarms.Benchmarks;

/// <summary>
/// The platform (alarm monitor, SQLite, delivery queue) on a real mosquitto. A probe truck on pharma 2–8 °C (no alarm
/// delay) alternates an in-range and an 9 °C reading; each 9 °C reading must come back as a cab alert on its gateway's
/// alerts topic. Measured publish → alert received, first with no other traffic (the baseline), then with 20 gateways
/// × 100 sensors × 10 readings/s = 20,000 readings/s of in-range background load.
/// </summary>
internal static class CabLatencyBenchmark
{
    private const int BackgroundGateways = 20;
    private const int SensorsPerGateway = 100;
    private const int BatchesPerSecond = 10;

    public static async Task RunAsync(TimeSpan duration)
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        using var data = new TempFolder("coldchain-alarm-bench");
        var app = PlatformApp.Create(
        [
            "--Embedded:Broker:Enabled=false",
            "--Ingest:Enabled=false",
            $"--Ingest:Broker:Host={mosquitto.Host}",
            $"--Ingest:Broker:Port={mosquitto.Port}",
            "--Alarms:ClientId=alarm-bench",
            "--Alarms:Subscription=Plain", // no ingest here to answer the probe: the monitor's latency alone
            "--Alarms:AssetProfiles:0:Asset=probe-truck",
            "--Alarms:AssetProfiles:0:Profile=pharma-2-8",
            "--Logging:LogLevel:Default=Warning",
            $"--urls=http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--DataDirectory={data.Path}",
        ]);
        await app.StartAsync();
        try
        {
            var monitor = app.Services.GetRequiredService<AlarmMonitor>();
            await Eventually.TrueAsync(() => monitor.IsSubscribed, TimeSpan.FromSeconds(30), "the alarm monitor subscribed");
            await using var probe = await Probe.ConnectAsync(mosquitto);
            var half = duration / 2;

            Console.WriteLine($"Cab alert latency: reading published → CabAlert received on the gateway's alerts topic ({half.TotalSeconds:0} s per phase)");
            var baseline = await probe.MeasureAsync(half);
            Report("no background load (baseline)", baseline, null);

            using var stop = new CancellationTokenSource();
            var load = new BackgroundLoad(mosquitto);
            var loading = load.RunAsync(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(3)); // warm up under load
            var loaded = await probe.MeasureAsync(half);
            var rate = load.ReadingsPerSecond;
            await stop.CancelAsync();
            await loading;
            Report($"{rate:N0} readings/s background", loaded, baseline);
            await ReportQueueAsync(app.Services);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void Report(string label, double[] samples, double[]? baseline)
    {
        var p50 = Percentile(samples, 50);
        var p99 = Percentile(samples, 99);
        var ratio = baseline is null ? string.Empty : $"  (p99 ×{p99 / Math.Max(Percentile(baseline, 99), 0.001):0.0} vs baseline)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-36} n={samples.Length,4}  p50={p50,7:0.0} ms  p99={p99,7:0.0} ms  max={samples.DefaultIfEmpty().Max(),7:0.0} ms{ratio}"));
    }

    /// <summary>Where the time goes: from the alarm's row (raised) to the cab delivery's completion.</summary>
    private static async Task ReportQueueAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ColdChain.Platform.Data.PlatformDbContext>();
        var cab = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Set<ColdChain.Platform.Alarms.Notifications.NotificationDelivery>().Where(d => d.Channel == "cab"));
        var waits = cab.Where(d => d.CompletedAt is not null).Select(d => (d.CompletedAt!.Value - d.CreatedAt).TotalMilliseconds).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  cab deliveries: {cab.Count} queued, {cab.Count(d => d.Attempts > 1)} retried, {cab.Count(d => d.CompletedAt is null)} not delivered; queued → delivered p50={Percentile(waits, 50):0.0} ms p99={Percentile(waits, 99):0.0} ms"));
        foreach (var failed in cab.Where(d => d.LastError is not null).Take(3))
        {
            Console.WriteLine($"    {failed.LastError}");
        }
    }

    private static double Percentile(double[] samples, double percentile)
    {
        if (samples.Length == 0)
        {
            return 0;
        }

        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static MqttClientOptions Options(MosquittoServer mosquitto, string clientId) =>
        new MqttClientOptionsBuilder().WithTcpServer(mosquitto.Host, mosquitto.Port).WithClientId(clientId).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build();

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static TelemetryBatch Batch(string site, string gateway, long seq, IEnumerable<Reading> readings) =>
        new() { Site = site, Gateway = gateway, Seq = seq, SentAt = TimeProvider.System.GetUtcNow(), Readings = [.. readings] };

    private static Reading Reading(string asset, string sensor, DateTimeOffset at, double celsius) =>
        new() { Sensor = sensor, Asset = asset, Time = at, Quantity = Quantity.Temperature, Unit = QuantityExtensions.Celsius, Value = celsius, Status = ReadingStatus.Ok };

    private sealed class Probe : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly ConcurrentQueue<(long Received, CabAlert Alert)> _alerts = new();
        private readonly MosquittoServer _mosquitto;
        private long _seq;
        private DateTimeOffset _lastAt;

        private Probe(MosquittoServer mosquitto) => _mosquitto = mosquitto;

        public static async Task<Probe> ConnectAsync(MosquittoServer mosquitto)
        {
            var probe = new Probe(mosquitto);
            probe._client.ApplicationMessageReceivedAsync += e =>
            {
                probe._alerts.Enqueue((Stopwatch.GetTimestamp(), ProtocolCodec.DecodeAlert(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload))));
                return Task.CompletedTask;
            };
            await probe._client.ConnectAsync(Options(mosquitto, "gw-probe"));
            await probe._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(ColdChainTopics.Alerts("bench", "gw-probe")).WithAtLeastOnceQoS()).Build());
            return probe;
        }

        public async Task<double[]> MeasureAsync(TimeSpan duration)
        {
            var samples = new List<double>();
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                // Back in range (clears the previous alarm), then over the limit: a fresh alarm each round.
                var back = Stopwatch.GetTimestamp();
                await SendAsync(5.0);
                await WaitForAsync(CabAlertAction.Clear, back, TimeSpan.FromSeconds(2));
                _alerts.Clear();
                var sent = Stopwatch.GetTimestamp();
                await SendAsync(9.0);
                if (await WaitForAsync(CabAlertAction.Raise, sent, TimeSpan.FromSeconds(10)) is { } received)
                {
                    samples.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
                }
                else
                {
                    Console.WriteLine("  a cab alert did not arrive within 10 s; received meanwhile: " + string.Join("; ", _alerts.Select(a => $"{a.Alert.Action} {a.Alert.Message}")));
                }
            }

            return [.. samples];
        }


        public async ValueTask DisposeAsync()
        {
            await _client.DisconnectAsync();
            _client.Dispose();
        }

        private Task SendAsync(double celsius)
        {
            var seq = Interlocked.Increment(ref _seq);
            // Strictly later than the last reading at the wire's millisecond precision, as a sampling gateway's are.
            var now = TimeProvider.System.GetUtcNow();
            _lastAt = now > _lastAt.AddMilliseconds(1) ? now : _lastAt.AddMilliseconds(1);
            var batch = Batch("bench", "gw-probe", seq, [Reading("probe-truck", "probe-truck-t1", _lastAt, celsius)]);
            return _client.PublishAsync(Message(ColdChainTopics.Telemetry("bench", "gw-probe"), ProtocolCodec.Encode(batch)));
        }

        private async Task<long?> WaitForAsync(CabAlertAction action, long after, TimeSpan timeout)
        {
            var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var hit = _alerts.FirstOrDefault(a => a.Received >= after && a.Alert.Action == action && a.Alert.Message!.Contains("above range", StringComparison.Ordinal));
                if (hit.Alert is not null)
                {
                    return hit.Received;
                }

                await Task.Delay(1);
            }

            return null;
        }
    }

    private sealed class BackgroundLoad(MosquittoServer mosquitto)
    {
        private long _readings;
        private long _startedAt;

        public double ReadingsPerSecond => Interlocked.Read(ref _readings) / Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            _startedAt = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, BackgroundGateways).Select(g => Task.Run(() => GatewayAsync(g, cancellationToken), CancellationToken.None)));
        }

        private async Task GatewayAsync(int index, CancellationToken cancellationToken)
        {
            var gateway = $"gw-load-{index}";
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(Options(mosquitto, gateway), CancellationToken.None);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / BatchesPerSecond));
            long seq = 0;
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var at = TimeProvider.System.GetUtcNow();
                    var batch = Batch("load", gateway, ++seq, Enumerable.Range(0, SensorsPerGateway).Select(s => Reading($"room-{index}", $"room-{index}-t{s}", at, 2.0 + (s % 10 * 0.1))));
                    await client.PublishAsync(Message(ColdChainTopics.Telemetry("load", gateway), ProtocolCodec.Encode(batch)), cancellationToken);
                    Interlocked.Add(ref _readings, SensorsPerGateway);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Done.
            }

            await client.DisconnectAsync(cancellationToken: CancellationToken.None);
        }
    }
}
