using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.DeadLetters.Sqlite;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Gateways.Sqlite;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Sequencing.Sqlite;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Moq;

namespace ColdChain.Ingest.Tests.Consuming;

/// <summary>Ingest against a real mosquitto and a real SQLite store.</summary>
[TestFixture]
public sealed class TelemetryConsumerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private MosquittoServer _broker = null!;
    private TempFolder _folder = null!;
    private SqliteTelemetryStore _store = null!;
    private string _site = null!;

    [OneTimeSetUp]
    public async Task StartBroker() => _broker = await MosquittoServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopBroker() => await _broker.DisposeAsync();

    [SetUp]
    public void CreateStore()
    {
        _folder = new TempFolder("coldchain-ingest-consumer");
        _store = new SqliteTelemetryStore(Options.Create(new SqliteStoreOptions { Path = _folder.Combine("telemetry.db") }));
        _site = $"site-{Guid.NewGuid():N}"[..20];
    }

    [TearDown]
    public void RemoveStore()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [TestCase(true, TestName = "A_published_batch_is_stored_exactly_through_a_shared_subscription")]
    [TestCase(false, TestName = "A_published_batch_is_stored_exactly_through_a_plain_subscription")]
    public async Task A_published_batch_is_stored_exactly(bool shared)
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), shared, DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);
        var batch = Batches.Telemetry(_site, "gw-1", "room-1", readings: 40);

        await gateway.PublishAsync(batch);

        var stored = await StoredEventuallyAsync("room-1", 40);
        var expected = batch.Readings.Select(r => new StoredReading(_site, "gw-1", "room-1", r.Sensor, r.Quantity, r.Time, r.Value, r.Status));
        Assert.That(stored, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_malformed_payload_is_rejected_and_the_next_good_batch_is_stored()
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);

        await gateway.PublishAsync(ColdChainTopics.Telemetry(_site, "gw-1"), "{\"schema\":\"coldchain.telemetry.v1\",\"readings\":[{"u8.ToArray());
        await gateway.PublishAsync(ColdChainTopics.Telemetry(_site, "gw-1"), [0xff, 0xfe, 0x00]);
        await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", "room-good", readings: 5));

        await StoredEventuallyAsync("room-good", 5);
        await Eventually.TrueAsync(() => ingest.Rejected == 2, Patience, "two rejections counted");
    }

    [Test]
    public async Task Reading_with_foreign_gateway_is_rejected_and_the_next_good_batch_is_stored()
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);

        // gw-1 publishes on its own topic a batch claiming to come from gw-2.
        await gateway.PublishAsync(Batches.Telemetry(_site, "gw-2", "room-foreign", readings: 5), topicGateway: "gw-1");
        await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", "room-good", readings: 5, seq: 2));

        await StoredEventuallyAsync("room-good", 5);
        await Eventually.TrueAsync(() => ingest.Rejected == 1, Patience, "one rejection counted");
        Assert.That(await AllOfAsync("room-foreign"), Is.Empty);
    }

    [Test]
    public async Task A_batch_that_fails_validation_is_rejected_whole()
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);
        var bad = Batches.Telemetry(_site, "gw-1", "room-bad", readings: 3);
        bad = bad with { Readings = [.. bad.Readings.Take(2), bad.Readings[2] with { Unit = "°F" }] };

        await gateway.PublishAsync(bad);
        await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", "room-good", readings: 1, seq: 2));

        await StoredEventuallyAsync("room-good", 1);
        Assert.That(await AllOfAsync("room-bad"), Is.Empty);
        Assert.That(ingest.Rejected, Is.EqualTo(1));
    }

    [Test]
    public async Task A_failing_store_is_retried_and_the_message_is_stored_once_it_recovers()
    {
        const int failures = 2;
        var writes = 0;
        var store = new Mock<ITelemetryStore>(MockBehavior.Strict);
        store.Setup(s => s.WriteAsync(It.IsAny<IReadOnlyCollection<StoredReading>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyCollection<StoredReading> readings, CancellationToken ct) =>
                Interlocked.Increment(ref writes) <= failures
                    ? Task.FromException(new IOException("the disk is gone"))
                    : _store.WriteAsync(readings, ct));
        await using var ingest = await IngestHost.StartAsync(store.Object, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);

        await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", "room-1", readings: 12));

        await StoredEventuallyAsync("room-1", 12);
        Assert.That(Volatile.Read(ref writes), Is.EqualTo(failures + 1));
    }

    [Test]
    public async Task Good_messages_behind_a_failed_write_are_all_stored_after_the_store_recovers()
    {
        var failing = 3;
        var store = new Mock<ITelemetryStore>(MockBehavior.Strict);
        store.Setup(s => s.WriteAsync(It.IsAny<IReadOnlyCollection<StoredReading>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyCollection<StoredReading> readings, CancellationToken ct) =>
                Interlocked.Decrement(ref failing) >= 0 ? Task.FromException(new IOException("locked")) : _store.WriteAsync(readings, ct));
        await using var ingest = await IngestHost.StartAsync(store.Object, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);

        for (var seq = 1; seq <= 5; seq++)
        {
            await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", $"room-{seq}", readings: 3, seq: seq));
        }

        for (var seq = 1; seq <= 5; seq++)
        {
            await StoredEventuallyAsync($"room-{seq}", 3);
        }
    }

    [Test]
    public async Task A_refused_message_is_dead_lettered_with_its_raw_payload_topic_and_reason()
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);
        byte[] junk = [0xff, 0xfe, 0x00, 0x42];

        await gateway.PublishAsync(ColdChainTopics.Telemetry(_site, "gw-7"), junk);

        var deadLetters = new SqliteDeadLetterStore(Options.Create(new SqliteStoreOptions { Path = DataPath }));
        var page = await Eventually.ReturnsAsync(
            () => deadLetters.QueryAsync(new DeadLetterQuery(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "gw-7"), CancellationToken.None),
            p => p.Items.Count > 0,
            Patience,
            "a dead letter stored");
        var letter = page.Items.Single();
        Assert.That(letter.Topic, Is.EqualTo(ColdChainTopics.Telemetry(_site, "gw-7")));
        Assert.That(letter.Site, Is.EqualTo(_site));
        Assert.That(letter.Payload.ToArray(), Is.EqualTo(junk));
        Assert.That(letter.Reason, Is.Not.Empty);
        Assert.That(letter.Detail, Is.Not.Empty);
    }

    [Test]
    public async Task A_missing_seq_is_recorded_as_a_coverage_gap_of_its_gateway()
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);
        foreach (var seq in new[] { 1L, 2, 5, 5 })
        {
            await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", $"room-{seq}", readings: 2, seq: seq));
        }

        await StoredEventuallyAsync("room-5", 2);
        var ledger = new SqliteSequenceLedger(Options.Create(new SqliteStoreOptions { Path = DataPath }));
        var gaps = await Eventually.ReturnsAsync(
            () => ledger.GapsAsync(new GapQuery(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "gw-1"), CancellationToken.None),
            g => g.Count > 0,
            Patience,
            "a gap recorded");
        Assert.That(gaps.Select(g => (g.Gateway, g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { ("gw-1", 3L, 4L) }));
    }

    [Test]
    public async Task Door_events_are_stored_as_door_readings()
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);
        var events = Batches.DoorEvents(_site, "gw-1", "truck-1");

        await gateway.PublishAsync(events);

        var stored = await StoredEventuallyAsync("truck-1", 2);
        Assert.That(stored.Select(r => (r.Quantity, r.Sensor, r.Time, r.Value, r.Status)), Is.EqualTo(new[]
        {
            (Quantity.Door, "door-1", events.Events[0].Time, (double?)1, ReadingStatus.Ok),
            (Quantity.Door, "door-1", events.Events[2].Time, (double?)0, ReadingStatus.Ok),
        }));
    }

    [Test]
    public async Task Gateway_status_and_power_changes_are_stored_for_the_gateway_health_view()
    {
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, ClientId(), dataPath: DataPath);
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);
        var online = new GatewayStatus
        {
            Site = _site,
            Gateway = "gw-1",
            State = GatewayState.Online,
            Time = Batches.Recent,
            Health = new GatewayHealth { Version = "1.0.0", UptimeSeconds = 60, OutboxDepth = 12, OldestUnsentSeconds = 30, ClockSynced = true },
        };
        var lastWill = new GatewayStatus { Site = _site, Gateway = "gw-1", State = GatewayState.Offline, Time = Batches.Recent };
        var power = new EventBatch
        {
            Site = _site,
            Gateway = "gw-1",
            Seq = 2,
            Events = [new GatewayEvent { Type = GatewayEventType.PowerLost, Time = Batches.Recent.AddSeconds(10), Detail = "mains failed" }],
        };
        var beforeWill = TimeProvider.System.GetUtcNow().AddSeconds(-1);

        await gateway.PublishAsync(ColdChainTopics.Status(_site, "gw-1"), ProtocolCodec.Encode(online));
        await gateway.PublishAsync(power);
        await gateway.PublishAsync(ColdChainTopics.Status(_site, "gw-1"), ProtocolCodec.Encode(lastWill));

        var health = new SqliteGatewayHealthStore(Options.Create(new SqliteStoreOptions { Path = DataPath }));
        var stored = await Eventually.ReturnsAsync(
            () => health.QueryAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "gw-1", CancellationToken.None),
            o => o.Count >= 3,
            Patience,
            "status, power change and offline stored");
        Assert.Multiple(() =>
        {
            Assert.That(stored[0], Is.EqualTo(GatewayObservation.Status(_site, "gw-1", online.Time, GatewayState.Online, online.Health)));
            Assert.That(stored[1], Is.EqualTo(GatewayObservation.Power(_site, "gw-1", power.Events[0].Time, mainsPresent: false)));

            // The Last Will carries the time of the connect that registered it: the loss counts when it arrived.
            Assert.That(stored[2].State, Is.EqualTo(GatewayState.Offline));
            Assert.That(stored[2].Time, Is.GreaterThan(beforeWill));
        });
    }

    [Test]
    public async Task Messages_published_while_ingest_is_down_are_stored_when_it_comes_back_with_the_same_client_id()
    {
        var clientId = ClientId();
        await using var gateway = await Publisher.ConnectAsync(_broker.Port);
        await using (await IngestHost.StartAsync(_store, _broker.Port, clientId, dataPath: DataPath))
        {
            // A first batch stored proves the session and its subscription exist at the broker.
            await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", "room-0", readings: 1));
            await StoredEventuallyAsync("room-0", 1);
        }

        await gateway.PublishAsync(Batches.Telemetry(_site, "gw-1", "room-1", readings: 7, seq: 2));
        await using var ingest = await IngestHost.StartAsync(_store, _broker.Port, clientId, dataPath: DataPath);

        await StoredEventuallyAsync("room-1", 7);
    }

    private string DataPath => _folder.Combine("ingest.db");

    private static string ClientId() => $"ingest-test-{Guid.NewGuid():N}";

    private Task<IReadOnlyList<StoredReading>> AllOfAsync(string asset) =>
        _store.QueryAsync(new ReadingQuery(asset, DateTimeOffset.MinValue, DateTimeOffset.MaxValue), CancellationToken.None);

    private Task<IReadOnlyList<StoredReading>> StoredEventuallyAsync(string asset, int count) =>
        Eventually.ReturnsAsync(() => AllOfAsync(asset), r => r.Count >= count, Patience, $"{count} readings of {asset} stored");
}
