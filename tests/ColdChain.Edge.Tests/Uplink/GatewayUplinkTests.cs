using ColdChain.Edge.Simulation;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Time.Testing;
using MQTTnet.Protocol;

namespace ColdChain.Edge.Tests.Uplink;

/// <summary>The gateway against a real mosquitto: what crosses the broker is what the test checks.</summary>
public sealed class GatewayUplinkTests
{
    private static readonly SimulatedGateway Gateway = new("site-1", "gw-1", [new("cold-room-1", "Cold room 1", SimulatedAssetKind.ColdRoom)]);

    private MosquittoServer _broker = null!;

    [SetUp]
    public async Task StartBroker() => _broker = await MosquittoServer.StartAsync();

    [TearDown]
    public async Task StopBroker() => await _broker.DisposeAsync();

    [Test]
    public async Task A_gateway_publishes_telemetry_batches_at_QoS_1_that_decode_and_validate()
    {
        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await using var gateway = await GatewayHarness.StartAsync(_broker.Port, Gateway);

        await gateway.TickAsync(3);
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count >= 3, TestTime.Io, "three telemetry batches");

        var delivered = recorder.Delivered.Where(d => d.Address.Kind == TopicKind.Telemetry).ToArray();
        var batches = recorder.Telemetry("gw-1");
        var validator = new MessageValidator(ValidationLimits.Default, gateway.Time);
        Assert.Multiple(() =>
        {
            Assert.That(delivered.Select(d => d.Topic), Is.All.EqualTo("coldchain/v1/site-1/gw-1/telemetry"));
            Assert.That(delivered.Select(d => d.QoS), Is.All.EqualTo(MqttQualityOfServiceLevel.AtLeastOnce));
            Assert.That(batches.Select(b => b.Seq), Is.EqualTo(new long[] { 1, 2, 3 }));
            Assert.That(batches.SelectMany(b => validator.Validate(b, ColdChainTopics.Parse(delivered[0].Topic))), Is.Empty);
            Assert.That(batches.SelectMany(b => b.Readings).Select(r => r.Sensor).Distinct(),
                Is.EquivalentTo(new[] { "cold-room-1-t1", "cold-room-1-h1", "cold-room-1-door" }));
            Assert.That(batches.SelectMany(b => b.Readings).Where(r => r.Sensor == "cold-room-1-door").Select(r => r.Time),
                Is.EqualTo(Enumerable.Range(0, 4).Select(i => GatewayHarness.Morning + TimeSpan.FromSeconds(10 * i))), "one reading per sample, stamped when sampled");
        });
    }

    [Test]
    public async Task After_connecting_the_retained_status_says_online_with_health()
    {
        await using var gateway = await GatewayHarness.StartAsync(_broker.Port, Gateway);
        await Eventually.TrueAsync(() => gateway.Runner.Uplink.Connects >= 1, TestTime.Io, "the gateway connecting");

        // A subscriber that arrives later still learns the state: the status is retained.
        await using var late = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await Eventually.TrueAsync(() => late.Statuses("gw-1").Count >= 1, TestTime.Io, "the retained status");

        var delivered = late.Delivered.First(d => d.Address.Kind == TopicKind.Status);
        var status = ProtocolCodec.DecodeStatus(delivered.Payload);
        Assert.Multiple(() =>
        {
            Assert.That(delivered.Retained, Is.True);
            Assert.That(delivered.Topic, Is.EqualTo("coldchain/v1/site-1/gw-1/status"));
            Assert.That(status.State, Is.EqualTo(GatewayState.Online));
            Assert.That(status.Health, Is.Not.Null);
            Assert.That(status.Health!.Version, Is.Not.Empty);
            Assert.That(status.Health.ClockSynced, Is.True);
        });
    }

    [Test]
    public async Task When_the_gateway_vanishes_without_a_goodbye_the_broker_publishes_its_Last_Will_as_a_retained_offline_status()
    {
        await using var relay = new TcpRelay(_broker.Port);
        await using var gateway = await GatewayHarness.StartAsync(relay.Port, Gateway);
        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await Eventually.TrueAsync(() => recorder.Statuses("gw-1").Any(s => s.State == GatewayState.Online), TestTime.Io, "the online status");

        relay.Break();

        await Eventually.TrueAsync(() => recorder.Statuses("gw-1").LastOrDefault()?.State == GatewayState.Offline, TestTime.Io, "the Last Will");
        await using var late = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await Eventually.TrueAsync(() => late.Statuses("gw-1").Count >= 1, TestTime.Io, "the retained status");
        Assert.Multiple(() =>
        {
            Assert.That(late.Statuses("gw-1")[0].State, Is.EqualTo(GatewayState.Offline));
            Assert.That(late.Statuses("gw-1")[0].Gateway, Is.EqualTo("gw-1"));
        });
    }

    [Test]
    public async Task Readings_taken_while_the_broker_is_down_arrive_in_order_after_it_comes_back_and_none_is_lost()
    {
        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port, persistent: true);
        await using var gateway = await GatewayHarness.StartAsync(_broker.Port, Gateway);
        await gateway.TickAsync(2);
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count >= 2, TestTime.Io, "batches before the outage");

        await _broker.StopAsync();
        await gateway.TickAsync(12);
        var queued = gateway.Runner.Outbox.Count;
        await _broker.StartAgainAsync();
        await recorder.ReconnectAsync();
        await gateway.TickUntilAsync(() => gateway.Runner.Outbox.Count == 0 && gateway.Runner.Uplink.IsConnected, "the backlog draining");
        var lastSeq = gateway.Runner.Outbox.LastSeq(TopicKind.Telemetry);
        var samples = gateway.Runner.SamplesTaken;
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Select(b => b.Seq).Distinct().Count() == lastSeq, TestTime.Io, "every batch at the recorder");

        var seqs = recorder.Telemetry("gw-1").Select(b => b.Seq).ToArray();
        var doorTimes = recorder.Telemetry("gw-1").SelectMany(b => b.Readings).Where(r => r.Sensor == "cold-room-1-door").Select(r => r.Time).Distinct().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(queued, Is.GreaterThanOrEqualTo(10), "batches waited in the outbox while the broker was down");
            Assert.That(seqs, Is.Ordered, "sent in order (a resend after a lost PUBACK may repeat a seq, never reorder)");
            Assert.That(seqs.Distinct(), Is.EqualTo(Enumerable.Range(1, (int)lastSeq).Select(i => (long)i)), "no gap");
            Assert.That(doorTimes, Has.Length.EqualTo(samples), "every sample arrived");
            Assert.That(doorTimes.Zip(doorTimes.Skip(1), (a, b) => b - a), Is.All.EqualTo(TimeSpan.FromSeconds(10)), "in measurement order, none missing");
        });
    }

    [Test]
    public async Task A_batch_no_subscriber_took_stays_in_the_outbox_until_ingest_subscribes()
    {
        // The broker answers "no matching subscribers" and drops such a publish: after a mosquitto restart that is what
        // a shared subscription gets until ingest subscribes again.
        await using var gateway = await GatewayHarness.StartAsync(_broker.Port, Gateway);
        await gateway.TickAsync(3);
        var queuedWithoutSubscriber = gateway.Runner.Outbox.Count;

        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await gateway.TickUntilAsync(() => gateway.Runner.Outbox.Count == 0, "the outbox draining once a subscriber is there");
        var lastSeq = gateway.Runner.Outbox.LastSeq(TopicKind.Telemetry);
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count >= lastSeq, TestTime.Io, "every batch at the subscriber");

        Assert.Multiple(() =>
        {
            Assert.That(gateway.Runner.Uplink.IsConnected, Is.True);
            Assert.That(queuedWithoutSubscriber, Is.GreaterThanOrEqualTo(3), "kept while nobody subscribed");
            Assert.That(recorder.Telemetry("gw-1").Select(b => b.Seq), Is.EqualTo(Enumerable.Range(1, (int)lastSeq).Select(i => (long)i)));
        });
    }

    [Test]
    public async Task A_simulated_network_loss_takes_the_gateway_offline_for_its_window_and_it_catches_up_after()
    {
        var lossy = Gateway with { NetworkLossAfter = TimeSpan.FromMinutes(1), NetworkLossDuration = TimeSpan.FromMinutes(2) };
        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await using var gateway = await GatewayHarness.StartAsync(_broker.Port, lossy);

        await gateway.TickAsync(7);
        await Eventually.TrueAsync(() => recorder.Statuses("gw-1").LastOrDefault()?.State == GatewayState.Offline, TestTime.Io, "offline at the window");
        var sentBeforeLoss = recorder.Telemetry("gw-1").Count;
        await gateway.TickAsync(10);
        var sentDuringLoss = recorder.Telemetry("gw-1").Count;
        var queued = gateway.Runner.Outbox.Count;

        await gateway.TickUntilAsync(() => gateway.Runner.Outbox.Count == 0 && gateway.Runner.Uplink.IsConnected, "the catch-up");
        var lastSeq = gateway.Runner.Outbox.LastSeq(TopicKind.Telemetry);
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count >= lastSeq, TestTime.Io, "every batch at the recorder");

        Assert.Multiple(() =>
        {
            Assert.That(sentDuringLoss, Is.EqualTo(sentBeforeLoss), "nothing goes out during the loss");
            Assert.That(queued, Is.GreaterThanOrEqualTo(10));
            Assert.That(recorder.Telemetry("gw-1").Select(b => b.Seq), Is.EqualTo(Enumerable.Range(1, (int)lastSeq).Select(i => (long)i)));
            Assert.That(Changes(recorder.Statuses("gw-1").Select(s => s.State)), Is.EqualTo(new[] { GatewayState.Online, GatewayState.Offline, GatewayState.Online }));
        });
    }

    [Test]
    public async Task Door_events_go_out_on_the_events_topic_with_their_own_sequence()
    {
        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await using var gateway = await GatewayHarness.StartAsync(_broker.Port, Gateway);

        // An opening lasts at least 20 s and a batch goes every 10 s: opened and closed are two event batches.
        while (gateway.Runner.Outbox.LastSeq(TopicKind.Events) < 2 && gateway.Time.GetUtcNow() < GatewayHarness.Morning + TimeSpan.FromHours(6))
        {
            await gateway.TickAsync();
        }

        await Eventually.TrueAsync(() => recorder.Events("gw-1").SelectMany(b => b.Events).Any(e => e.Type == GatewayEventType.DoorClosed), TestTime.Io, "a door opening and closing");
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count == gateway.Runner.Outbox.LastSeq(TopicKind.Telemetry), TestTime.Io, "the telemetry at the recorder");

        var batches = recorder.Events("gw-1");
        var events = batches.SelectMany(b => b.Events).ToArray();
        var doorReadings = recorder.Telemetry("gw-1").SelectMany(b => b.Readings).Where(r => r.Sensor == "cold-room-1-door").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Delivered.Where(d => d.Address.Kind == TopicKind.Events).Select(d => d.QoS), Is.All.EqualTo(MqttQualityOfServiceLevel.AtLeastOnce));
            Assert.That(batches.Select(b => b.Seq), Is.EqualTo(Enumerable.Range(1, batches.Count).Select(i => (long)i)));
            Assert.That(events[0].Type, Is.EqualTo(GatewayEventType.DoorOpened));
            Assert.That(events.Select(e => e.Sensor), Is.All.EqualTo("cold-room-1-door"));
            Assert.That(doorReadings.Single(r => r.Time == events[0].Time).Value, Is.EqualTo(1), "the door reading at the opening says open");
        });
    }

    [Test]
    public async Task A_restarted_gateway_continues_its_sequence_from_the_data_directory()
    {
        using var data = new TempFolder("coldchain-edge-data");
        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await using (var first = await GatewayHarness.StartAsync(_broker.Port, Gateway, data.Path))
        {
            await first.TickAsync(3);
            await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count >= 3, TestTime.Io, "the first run's batches");
        }

        await using var second = await GatewayHarness.StartAsync(_broker.Port, Gateway, data.Path, GatewayHarness.Morning + TimeSpan.FromHours(1));
        await second.TickAsync(2);
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count >= 5, TestTime.Io, "the second run's batches");

        var seqs = recorder.Telemetry("gw-1").Select(b => b.Seq).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(seqs, Is.Ordered.And.Unique);
            Assert.That(seqs[3], Is.GreaterThan(3), "the second run starts above the first run's last seq");
            Assert.That(File.Exists(Path.Combine(data.Path, "gw-1", "outbox.db")), Is.True, "the seq is kept in the outbox database");
        });
    }

    private static List<GatewayState> Changes(IEnumerable<GatewayState> states)
    {
        var changes = new List<GatewayState>();
        foreach (var state in states)
        {
            if (changes.Count == 0 || changes[^1] != state)
            {
                changes.Add(state);
            }
        }

        return changes;
    }

    [Test]
    public async Task A_clean_stop_sends_the_last_readings_and_leaves_a_retained_offline_status()
    {
        await using var recorder = await MqttRecorder.StartAsync(_broker.Host, _broker.Port);
        await using var gateway = await GatewayHarness.StartAsync(_broker.Port, Gateway);
        await gateway.TickAsync(2);
        await Eventually.TrueAsync(() => recorder.Telemetry("gw-1").Count >= 2, TestTime.Io, "batches");

        await gateway.StopAsync();

        await Eventually.TrueAsync(() => recorder.Statuses("gw-1").LastOrDefault()?.State == GatewayState.Offline, TestTime.Io, "the offline status");
        Assert.That(gateway.Runner.Outbox.Count, Is.Zero);
    }
}
