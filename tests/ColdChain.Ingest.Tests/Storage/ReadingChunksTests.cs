using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Tests.Storage;

public sealed class ReadingChunksTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Readings_across_several_chunks_read_back_in_the_order_they_were_added()
    {
        var chunks = new ReadingChunks();
        var added = Enumerable.Range(0, 20_000).Select(At).ToList();

        added.ForEach(chunks.Add);

        Assert.That(chunks, Has.Count.EqualTo(20_000));
        Assert.That(chunks, Is.EqualTo(added));
        Assert.That(chunks[8_192], Is.SameAs(added[8_192]));
        Assert.That(() => chunks[20_000], Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Readings_out_of_order_are_sorted_in_the_port_s_order_and_ordered_ones_are_left_alone()
    {
        var shuffled = new ReadingChunks();
        var ordered = new ReadingChunks();
        var expected = Enumerable.Range(0, 10_000).Select(At).ToList();
        foreach (var reading in expected.OrderBy(r => (r.Time.Ticks * 7919) % 10_007))
        {
            shuffled.Add(reading);
        }

        expected.ForEach(ordered.Add);
        var first = ordered[0];

        shuffled.SortIfNeeded(ReadingOrder.Instance);
        ordered.SortIfNeeded(ReadingOrder.Instance);

        Assert.That(shuffled, Is.EqualTo(expected));
        Assert.That(ordered[0], Is.SameAs(first));
    }

    private static StoredReading At(int minute) =>
        new("site", "gw", "room-1", "t1", Quantity.Temperature, Origin.AddMinutes(minute), 3.5, ReadingStatus.Ok);
}
