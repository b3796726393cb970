using ColdChain.Edge.Outbox;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using Microsoft.Data.Sqlite;

namespace ColdChain.Edge.Tests.Outbox;

/// <summary>
/// The real edge binary against a real mosquitto, SIGKILLed again and again, also while the broker is down. A persistent
/// MQTT subscriber is the witness of what crossed the broker; the outbox database is the witness of what was persisted.
/// </summary>
public sealed class EdgeCrashTests
{
    private const string GatewayId = "gw-crash";

    [Test]
    [CancelAfter(120_000)]
    public async Task After_repeated_SIGKILLs_and_a_broker_outage_every_persisted_reading_arrives_exactly_once_in_order_per_sensor()
    {
        using var data = new TempFolder("coldchain-crash");
        await using var broker = await MosquittoServer.StartAsync();
        await using var witness = await MqttRecorder.StartAsync(broker.Host, broker.Port, persistent: true);
        var random = new Random(7);
        var interval = TimeSpan.FromMilliseconds(1000);
        var kills = 0;

        // Each run lives until it has persisted at least one new batch (startup time varies on a busy machine), then a
        // random while longer, so the kill lands anywhere: mid-sample, mid-append, mid-publish, between PUBACK and delete.
        async Task RunThenKillAsync(TimeSpan extra)
        {
            var before = LastTelemetrySeq(data.Path);
            await using var edge = EdgeProcess.Start(broker.Port, data.Path, GatewayId, interval);
            await Eventually.TrueAsync(() => edge.HasExited || LastTelemetrySeq(data.Path) > before, TimeSpan.FromSeconds(30), "a new batch persisted");
            await Task.Delay(extra);
            Assert.That(edge.HasExited, Is.False, () => $"the edge exited on its own:\n{edge.Output}");
            await edge.KillAsync();
            kills++;
        }

        // Connected: kills land mid-publish, mid-PUBACK, mid-append.
        for (var i = 0; i < 4; i++)
        {
            await RunThenKillAsync(TimeSpan.FromMilliseconds(random.Next(2500)));
        }

        await Eventually.TrueAsync(() => witness.Telemetry(GatewayId).Count > 0, TestTime.Io, "batches before the outage");

        // The broker is gone: the edge keeps sampling into its outbox and is killed twice meanwhile.
        await broker.StopAsync();
        await RunThenKillAsync(TimeSpan.FromMilliseconds(1000 + random.Next(2000)));
        await RunThenKillAsync(TimeSpan.FromMilliseconds(1000 + random.Next(2000)));
        Assert.That(PendingInOutbox(data.Path), Is.GreaterThan(0), "a backlog waits on disk");
        await broker.StartAgainAsync();
        await witness.ReconnectAsync();

        // Killed again while it drains the backlog.
        await RunThenKillAsync(TimeSpan.FromMilliseconds(random.Next(1500)));

        // Settle: a last run drains everything, then it is killed like the others.
        await using (var last = EdgeProcess.Start(broker.Port, data.Path, GatewayId, interval))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Eventually.TrueAsync(() => PendingInOutbox(data.Path) == 0, TimeSpan.FromSeconds(45), "the outbox draining");
            await last.KillAsync();
            kills++;
        }

        var lastSeq = LastTelemetrySeq(data.Path);
        await Eventually.TrueAsync(
            () => witness.Telemetry(GatewayId).Select(b => b.Seq).Distinct().Count() >= lastSeq, TestTime.Io, "every persisted batch at the witness");

        var batches = witness.Telemetry(GatewayId);
        var firstCopies = batches.GroupBy(b => b.Seq).Select(g => g.First()).ToArray();
        var resent = batches.GroupBy(b => b.Seq).Where(g => g.Count() > 1).ToArray();
        var readings = firstCopies.SelectMany(b => b.Readings).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(kills, Is.EqualTo(8));
            Assert.That(lastSeq, Is.GreaterThanOrEqualTo(kills), "every run persisted at least one batch before it was killed");
            Assert.That(firstCopies.Select(b => b.Seq), Is.EqualTo(Enumerable.Range(1, (int)lastSeq).Select(i => (long)i)),
                "every persisted batch arrived, first copies in seq order, no hole (the seq is taken in the batch's own transaction)");
            Assert.That(resent.All(g => g.All(b => SameReadings(b, g.First()))), Is.True,
                "a batch resent after a kill between PUBACK and delete is the same batch: the store keeps it once");
            Assert.That(readings.GroupBy(r => (r.Sensor, r.Time)).Where(g => g.Count() > 1), Is.Empty, "no reading twice under two seqs");
            foreach (var sensor in readings.GroupBy(r => r.Sensor))
            {
                Assert.That(sensor.Select(r => r.Time), Is.Ordered.Ascending.And.Unique, $"{sensor.Key} in measurement order");
            }
        });
    }

    private static SqliteConnection OpenDb(string dataDirectory)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, GatewayId, DurableOutbox.FileName)};Mode=ReadOnly;Pooling=False;Default Timeout=5");
        connection.Open();
        return connection;
    }

    private static long PendingInOutbox(string dataDirectory)
    {
        using var db = OpenDb(dataDirectory);
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM outbox WHERE kind = {(int)TopicKind.Telemetry}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>0 before the edge has created its outbox.</summary>
    private static long LastTelemetrySeq(string dataDirectory)
    {
        if (!File.Exists(Path.Combine(dataDirectory, GatewayId, DurableOutbox.FileName)))
        {
            return 0;
        }

        try
        {
            using var db = OpenDb(dataDirectory);
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT last FROM sequences WHERE kind = {(int)TopicKind.Telemetry}";
            return command.ExecuteScalar() is long last ? last : 0;
        }
        catch (SqliteException)
        {
            // The edge is still creating its tables.
            return 0;
        }
    }

    private static bool SameReadings(TelemetryBatch a, TelemetryBatch b) => a.Readings.SequenceEqual(b.Readings);
}
