using ColdChain.Edge.Outbox;
using ColdChain.Edge.Sequencing;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling;

/// <summary>
/// Collects samples between publishes and turns them into batches in the outbox. The seq is taken (and persisted) here,
/// when the batch is made, not when it is sent: a batch resent after an outage keeps its number.
/// </summary>
internal sealed class BatchAssembler(string site, string gateway, SequenceCounter telemetrySeq, SequenceCounter eventSeq)
{
    /// <summary>Far below the validator's 10 000 and the 1 MB payload ceiling, so a long PublishInterval still chunks sanely.</summary>
    public const int MaxReadingsPerBatch = 500;

    private readonly List<Reading> _readings = [];
    private readonly List<GatewayEvent> _events = [];

    public void Add(SensorSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _readings.AddRange(sample.Readings);
        _events.AddRange(sample.Events);
    }

    /// <summary>Moves everything collected so far into <paramref name="outbox"/>; returns how many batches it made.</summary>
    public int FlushTo(MemoryOutbox outbox, DateTimeOffset now)
    {
        var made = 0;
        foreach (var chunk in _readings.Chunk(MaxReadingsPerBatch))
        {
            var batch = new TelemetryBatch { Site = site, Gateway = gateway, Seq = telemetrySeq.Next(), SentAt = now, Readings = chunk };
            outbox.Enqueue(new TelemetryEntry(batch, now));
            made++;
        }

        if (_events.Count > 0)
        {
            var batch = new EventBatch { Site = site, Gateway = gateway, Seq = eventSeq.Next(), Events = [.. _events] };
            outbox.Enqueue(new EventsEntry(batch, now));
            made++;
        }

        _readings.Clear();
        _events.Clear();
        return made;
    }
}
