using ColdChain.Edge.Outbox;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Outbox;

public sealed class DurableOutboxTests
{
    private readonly FakeTimeProvider _time = new(GatewayHarness.Morning);
    private TempFolder _folder = null!;

    private string Db => _folder.Combine("gw-1", DurableOutbox.FileName);

    [SetUp]
    public void MakeFolder() => _folder = new TempFolder("coldchain-outbox");

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public void Batches_and_their_sequence_survive_reopening_the_outbox_and_leave_oldest_first_only_when_removed()
    {
        using (var first = Open())
        {
            Assert.That(new[] { Append(first), Append(first), Append(first) }, Is.EqualTo(new long?[] { 1, 2, 3 }));
        }

        using var reopened = Open();
        Assert.That(reopened.Count, Is.EqualTo(3));
        Assert.That(reopened.TryPeek(out var head), Is.True);
        Assert.That(head.Seq, Is.EqualTo(1));
        Assert.That(reopened.TryPeek(out var again) && again.Id == head.Id, Is.True, "peeking does not remove");

        reopened.Remove(head);
        reopened.TryPeek(out var next);

        Assert.Multiple(() =>
        {
            Assert.That(next.Seq, Is.EqualTo(2));
            Assert.That(reopened.Count, Is.EqualTo(2));
            Assert.That(Append(reopened), Is.EqualTo(4), "the seq continues after the reopen");
            Assert.That(reopened.OldestCreatedAt, Is.EqualTo(GatewayHarness.Morning));
        });
    }

    [Test]
    public void Telemetry_and_events_have_their_own_sequences_and_go_out_in_the_order_they_were_made()
    {
        using var outbox = Open();
        Append(outbox);
        AppendEvent(outbox);
        Append(outbox);

        var order = Drain(outbox).Select(e => (e.Kind, e.Seq)).ToArray();

        Assert.That(order, Is.EqualTo(new[] { (TopicKind.Telemetry, 1L), (TopicKind.Events, 1L), (TopicKind.Telemetry, 2L) }));
    }

    [Test]
    public void A_telemetry_entry_is_stamped_with_the_time_it_is_sent_and_keeps_its_readings()
    {
        using var outbox = Open();
        Append(outbox);
        outbox.TryPeek(out var entry);

        var sent = ProtocolCodec.DecodeTelemetry(entry.Encode(GatewayHarness.Morning.AddMinutes(5)));

        Assert.Multiple(() =>
        {
            Assert.That(sent.SentAt, Is.EqualTo(GatewayHarness.Morning.AddMinutes(5)));
            Assert.That(sent.Seq, Is.EqualTo(1));
            Assert.That(sent.Readings.Single().Time, Is.EqualTo(GatewayHarness.Morning));
        });
    }

    [Test]
    public void Crossing_the_near_full_share_of_the_quota_announces_buffer_near_full_once_until_it_drains()
    {
        using var outbox = Open(new OutboxLimits { MaxBatches = 10 });
        for (var i = 0; i < 9; i++)
        {
            Append(outbox);
        }

        var first = outbox.TakeNotices();
        Drain(outbox);
        Append(outbox);
        var afterDrain = outbox.TakeNotices();
        for (var i = 0; i < 8; i++)
        {
            Append(outbox);
        }

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(n => n.Type), Is.EqualTo(new[] { GatewayEventType.BufferNearFull }), "one warning at 80 %, not one per batch after it");
            Assert.That(first[0].Detail, Does.Contain("80"));
            Assert.That(afterDrain, Is.Empty);
            Assert.That(outbox.TakeNotices().Select(n => n.Type), Is.EqualTo(new[] { GatewayEventType.BufferNearFull }), "re-armed after draining");
        });
    }

    [Test]
    public void When_full_the_drop_oldest_policy_deletes_the_oldest_telemetry_keeps_events_and_names_the_dropped_seqs()
    {
        using var outbox = Open(new OutboxLimits { MaxBatches = 10 });
        AppendEvent(outbox);
        for (var i = 0; i < 12; i++)
        {
            Append(outbox);
        }

        var entries = Drain(outbox);
        var notices = outbox.TakeNotices();

        Assert.Multiple(() =>
        {
            Assert.That(entries.Where(e => e.Kind == TopicKind.Events).Select(e => e.Seq), Is.EqualTo(new long[] { 1 }), "events are never dropped");
            Assert.That(entries.Where(e => e.Kind == TopicKind.Telemetry).Select(e => e.Seq), Is.EqualTo(Enumerable.Range(4, 9).Select(i => (long)i)));
            Assert.That(outbox.Dropped, Is.EqualTo(3));
            Assert.That(notices.Select(n => n.Detail), Has.Some.Contains("seq 1–1").And.Some.Contains("seq 3–3"));
        });
    }

    [Test]
    public void When_full_the_reject_newest_policy_keeps_the_oldest_refuses_the_new_batch_and_says_so_without_using_a_seq()
    {
        using var outbox = Open(new OutboxLimits { MaxBatches = 10, FullPolicy = OutboxFullPolicy.RejectNewest });
        for (var i = 0; i < 10; i++)
        {
            Append(outbox);
        }

        var refused = Append(outbox);
        var entries = Drain(outbox);

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.Null);
            Assert.That(outbox.Refused, Is.EqualTo(1));
            Assert.That(entries.Select(e => e.Seq), Is.EqualTo(Enumerable.Range(1, 10).Select(i => (long)i)));
            Assert.That(Append(outbox), Is.EqualTo(11), "no hole in the sequence");
            Assert.That(outbox.TakeNotices().Select(n => n.Detail), Has.Some.Contains("refused"));
        });
    }

    [Test]
    public void The_byte_quota_bounds_the_outbox_as_well_as_the_batch_count()
    {
        using var outbox = Open(new OutboxLimits { MaxBytes = 2_000 });
        for (var i = 0; i < 20; i++)
        {
            Append(outbox);
        }

        Assert.Multiple(() =>
        {
            Assert.That(outbox.Bytes, Is.LessThanOrEqualTo(2_000));
            Assert.That(outbox.Dropped, Is.GreaterThan(0));
        });
    }

    [Test]
    public void A_damaged_outbox_file_is_kept_aside_and_the_new_one_continues_above_any_seq_the_gateway_can_have_used()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        File.WriteAllBytes(Db, Enumerable.Repeat((byte)0x5A, 8192).ToArray());

        using var outbox = Open();

        Assert.Multiple(() =>
        {
            Assert.That(Append(outbox), Is.GreaterThan(GatewayHarness.Morning.ToUnixTimeMilliseconds()));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(Db)!, "outbox.db.damaged-*"), Has.Length.EqualTo(1));
        });
    }

    private DurableOutbox Open(OutboxLimits? limits = null) => DurableOutbox.Open(Db, limits ?? OutboxLimits.Default, _time, NullLogger.Instance);

    private long? Append(DurableOutbox outbox)
    {
        var reading = new Reading
        {
            Sensor = "t1", Asset = "room", Time = GatewayHarness.Morning, Quantity = Quantity.Temperature, Unit = "°C", Value = 3.5, Status = ReadingStatus.Ok,
        };
        return outbox.Append(TopicKind.Telemetry, _time.GetUtcNow(), seq => ProtocolCodec.Encode(
            new TelemetryBatch { Site = "s", Gateway = "gw-1", Seq = seq, SentAt = _time.GetUtcNow(), Readings = [reading] }));
    }

    private void AppendEvent(DurableOutbox outbox) =>
        outbox.Append(TopicKind.Events, _time.GetUtcNow(), seq => ProtocolCodec.Encode(new EventBatch
        {
            Site = "s", Gateway = "gw-1", Seq = seq, Events = [new GatewayEvent { Type = GatewayEventType.DoorOpened, Time = _time.GetUtcNow() }],
        }));

    private static List<OutboxEntry> Drain(DurableOutbox outbox)
    {
        var entries = new List<OutboxEntry>();
        while (outbox.TryPeek(out var entry))
        {
            entries.Add(entry);
            outbox.Remove(entry);
        }

        return entries;
    }
}
