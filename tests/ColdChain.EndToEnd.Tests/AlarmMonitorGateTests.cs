using System.Diagnostics.Metrics;
using ColdChain.Ingest;
using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Data;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ColdChain.EndToEnd.Tests;

/// <summary>
/// A real mosquitto 2.0 (which restores a plain subscription after a restart but not a shared one), real ingest in its
/// own host, the platform's alarm monitor and simulated gateways with their outboxes. The monitor must never be the
/// only subscriber: the broker would answer the gateways "success" for readings ingest never gets.
/// </summary>
[TestFixture]
[CancelAfter(240_000)]
public sealed class AlarmMonitorGateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Test]
    public async Task The_alarm_monitor_subscribes_only_behind_ingest_so_readings_published_after_a_broker_restart_before_ingest_is_back_are_all_stored()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        using var data = new TempFolder("coldchain-monitor-gate");
        var fleet = Fleets.Small(mosquitto.Host, mosquitto.Port) with { DataDirectory = data.Combine("gateways") };
        var ingestId = $"ingest-{Guid.NewGuid():N}";
        await using var platform = await StartPlatformBesideIngestAsync(mosquitto, Fleets.RegistryArgs(fleet));
        var monitor = platform.Services.GetRequiredService<AlarmMonitor>();
        using var judged = new TelemetryJudged(platform.Services.GetRequiredService<IMeterFactory>());

        // No ingest yet: the monitor probes and waits, and says so.
        await Eventually.TrueAsync(() => monitor.Gate.ProbesUnanswered >= 3, Wait, "the monitor probing for ingest");
        var waitingHealth = await platform.Anonymous.GetStringAsync("/health/ready");
        var subscribedWithoutIngest = monitor.IsSubscribed;

        var ingest = await IngestInstance.StartAsync(mosquitto.Port, ingestId, data.Combine("telemetry.db"));
        try
        {
            await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the monitor subscribed once ingest is");
            var subscribedHealth = await platform.Anonymous.GetStringAsync("/health/ready");
            await using (await SimulatedGateways.StartAsync(fleet))
            {
                await Eventually.TrueAsync(() => judged.Count >= 4, Wait, "the monitor judging telemetry");

                // Ingest away across a broker restart; the monitor is back first and must stay unsubscribed.
                await ingest.DisposeAsync();
                await mosquitto.StopAsync();
                await mosquitto.StartAgainAsync();
                var probesBefore = monitor.Gate.ProbesUnanswered;
                await Eventually.TrueAsync(() => monitor.Gate.State == IngestGateState.WaitingForIngest && monitor.Gate.ProbesUnanswered > probesBefore, Wait, "the monitor reconnected and waiting for ingest");
                var subscribedDuringGap = false;
                for (var i = 0; i < 40; i++)
                {
                    // Four seconds of gateways publishing (every second) while ingest is away.
                    subscribedDuringGap |= monitor.IsSubscribed;
                    await Task.Delay(100);
                }

                var gapHealth = await platform.Anonymous.GetStringAsync("/health/ready");
                var gapEnded = TimeProvider.System.GetUtcNow();
                ingest = await IngestInstance.StartAsync(mosquitto.Port, ingestId, data.Combine("telemetry.db"));
                await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the monitor subscribed again behind ingest");
                var judgedAtResubscribe = judged.Count;
                await Eventually.TrueAsync(() => judged.Count >= judgedAtResubscribe + 4, Wait, "the monitor judging telemetry again");

                // Stored from the start to past the gap: every gateway's readings after it have arrived.
                var store = ingest.Services.GetRequiredService<ITelemetryStore>();
                foreach (var asset in Fleets.AssetIds(fleet))
                {
                    await Eventually.ReturnsAsync(
                        () => store.QueryAsync(new ReadingQuery(asset, gapEnded.AddSeconds(5), gapEnded.AddHours(1)), CancellationToken.None),
                        r => r.Count > 0, Wait, $"{asset}'s readings from after the gap stored");
                }

                var gaps = await ingest.Services.GetRequiredService<ISequenceLedger>().GapsAsync(new GapQuery(gapEnded.AddHours(-1), gapEnded.AddHours(1)), CancellationToken.None);
                Assert.Multiple(() =>
                {
                    Assert.That(subscribedWithoutIngest, Is.False, "not subscribed before any ingest was");
                    Assert.That(waitingHealth, Does.Contain("Degraded").And.Contain("waiting for ingest"));
                    Assert.That(subscribedHealth, Does.Contain("alarm monitor subscribed"));
                    Assert.That(subscribedDuringGap, Is.False, "not subscribed while ingest was away");
                    Assert.That(gapHealth, Does.Contain("waiting for ingest"));
                    Assert.That(gaps, Is.Empty, "no batch a gateway sent while ingest was away is missing:\n" + mosquitto.Log);
                });
            }
        }
        finally
        {
            await ingest.DisposeAsync();
        }
    }

    [Test]
    public async Task Readings_ingest_stored_before_the_monitor_subscribed_again_after_a_broker_restart_are_judged_and_raise_their_alarm()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        using var data = new TempFolder("coldchain-monitor-catch-up");
        var telemetry = data.Combine("telemetry.db");
        var ingestId = $"ingest-{Guid.NewGuid():N}";
        await using var platform = await StartPlatformBesideIngestAsync(
            mosquitto,
            "--Alarms:CatchUpSettle=00:00:00.200",
            "--Storage:Kind=Sqlite",
            $"--Storage:Sqlite:Path={telemetry}", // the store ingest writes: the monitor reads back from it
            "--Registry:Assets:0:Id=truck-9",
            "--Registry:Assets:0:Name=Truck 9",
            "--Registry:Assets:0:Kind=Truck",
            "--Registry:Assets:0:Site=fleet");
        var monitor = platform.Services.GetRequiredService<AlarmMonitor>();
        using var judged = new TelemetryJudged(platform.Services.GetRequiredService<IMeterFactory>());
        var now = TimeProvider.System.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-40);
        var ingest = await IngestInstance.StartAsync(mosquitto.Port, ingestId, telemetry);
        try
        {
            await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the monitor subscribed once ingest is");
            await PublishAsync(mosquitto, new TelemetryBatch
            {
                Site = "fleet",
                Gateway = "gw-truck-9",
                Seq = 1,
                SentAt = start,
                Readings = [new Reading { Sensor = "truck-9-t1", Asset = "truck-9", Time = start, Quantity = Quantity.Temperature, Unit = QuantityExtensions.Celsius, Value = 3.0, Status = ReadingStatus.Ok }],
            });
            await Eventually.TrueAsync(() => judged.Count >= 1, Wait, "the monitor judging the truck's first reading");

            await ingest.DisposeAsync();
            await mosquitto.StopAsync();
            await mosquitto.StartAgainAsync();
            await Eventually.TrueAsync(() => monitor.Gate.State == IngestGateState.WaitingForIngest, Wait, "the monitor reconnected and waiting for ingest");

            // What ingest stored of the truck's held-back batches in the moments before the monitor subscribed again,
            // which never reach the monitor over the broker: 20 minutes at 9 °C in a 0–4 °C truck (alarm delay 10 min).
            await platform.Services.GetRequiredService<ITelemetryStore>().WriteAsync(
                [.. Enumerable.Range(1, 20).Select(m => new StoredReading("fleet", "gw-truck-9", "truck-9", "truck-9-t1", Quantity.Temperature, start.AddMinutes(m), 9.0, ReadingStatus.Ok))],
                CancellationToken.None);
            var alarmsBefore = await AlarmsAsync(platform, "truck-9");

            ingest = await IngestInstance.StartAsync(mosquitto.Port, ingestId, telemetry);
            await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the monitor subscribed again behind ingest");
            var alarms = await Eventually.ReturnsAsync(() => AlarmsAsync(platform, "truck-9"), a => a.Any(x => x.Condition == "above_range"), Wait, "the alarm of the readings the monitor missed");
            var above = alarms.Single(a => a.Condition == "above_range");
            Assert.Multiple(() =>
            {
                Assert.That(alarmsBefore, Is.Empty, "no alarm before the monitor read them back");
                Assert.That(above.Source, Is.EqualTo("truck-9-t1"));
                Assert.That(above.Severity, Is.EqualTo("critical"));
                Assert.That(new DateTimeOffset(above.StartedAt, TimeSpan.Zero), Is.EqualTo(start.AddMinutes(1)), "the excursion's true start, in measurement time");
                Assert.That(above.Peak, Is.EqualTo(9.0));
            });
        }
        finally
        {
            await ingest.DisposeAsync();
        }
    }

    /// <summary>The platform as the production stack runs it: no broker or ingest of its own, its alarm monitor on mosquitto.</summary>
    private static Task<RunningPlatform> StartPlatformBesideIngestAsync(MosquittoServer mosquitto, params string[] args) => RunningPlatform.StartAsync(
    [
        "--Embedded:Broker:Enabled=false",
        "--Ingest:Enabled=false",
        $"--Ingest:Broker:Host={mosquitto.Host}",
        $"--Ingest:Broker:Port={mosquitto.Port}",
        $"--Alarms:ClientId=alarms-{Guid.NewGuid():N}",
        .. args,
    ]);

    private static async Task PublishAsync(MosquittoServer mosquitto, TelemetryBatch batch)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(mosquitto.Host, mosquitto.Port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId(batch.Gateway).Build());
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(ColdChainTopics.Telemetry(batch.Site, batch.Gateway))
            .WithPayload(ProtocolCodec.Encode(batch))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.That(result.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.Success), "the broker took the batch for ingest");
        await client.DisconnectAsync();
    }

    private static async Task<List<Alarm>> AlarmsAsync(RunningPlatform platform, string asset)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<Alarm>().AsNoTracking().Where(a => a.Asset == asset).ToListAsync();
    }

    /// <summary>A standalone ingest as the production stack runs it: shared subscription, persistent session, SQLite here.</summary>
    private sealed class IngestInstance : IAsyncDisposable
    {
        private readonly IHost _host;
        private bool _disposed;

        private IngestInstance(IHost host) => _host = host;

        public IServiceProvider Services => _host.Services;

        public static async Task<IngestInstance> StartAsync(int brokerPort, string clientId, string telemetryPath)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ingest:Broker:Host"] = "127.0.0.1",
                ["Ingest:Broker:Port"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Ingest:ClientId"] = clientId,
                ["Ingest:UseSharedSubscription"] = "true",
                ["Ingest:ShareGroup"] = clientId,
                ["Ingest:ReconnectDelay"] = "00:00:00.100",
                ["Ingest:MaxReconnectDelay"] = "00:00:00.500",
                ["Storage:Sqlite:Path"] = telemetryPath,
            });
            builder.Services.AddTelemetryStore(builder.Configuration).AddIngest(builder.Configuration);
            var host = builder.Build();
            await host.StartAsync();
            var readiness = host.Services.GetRequiredService<IngestReadiness>();
            await Eventually.TrueAsync(() => readiness.IsSubscribed, Wait, "ingest subscribed");
            return new IngestInstance(host);
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    /// <summary>Telemetry messages the platform's alarm monitor judged, from its evaluation histogram.</summary>
    private sealed class TelemetryJudged : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public TelemetryJudged(IMeterFactory platformMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, platformMeters) && instrument.Name == "coldchain.alarms.evaluation.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Value is "Telemetry")
                    {
                        Interlocked.Increment(ref _count);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
