using ColdChain.Edge.Outbox;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;

namespace ColdChain.Edge.Sampling;

/// <summary>
/// Collects samples between publishes and turns them into batches in the outbox. The seq is taken (and persisted with
/// the batch, in one transaction) here, when the batch is made, not when it is sent: a batch resent after an outage
/// keeps its number.
/// </summary>
internal sealed class BatchAssembler(string site, string gateway)
{
    /// <summary>Far below the validator's 10 000 and the 1 MB payload ceiling, so a long PublishInterval still chunks sanely.</summary>
    public const int MaxReadingsPerBatch = 500;

    private readonly List<Reading> _readings = [];
    private readonly List<GatewayEvent> _events = [];

    public int PendingReadings => _readings.Count;

    public void Add(SensorSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _readings.AddRange(sample.Readings);
        _events.AddRange(sample.Events);
    }

    public void Add(GatewayEvent gatewayEvent) => _events.Add(gatewayEvent);

    /// <summary>Moves everything collected so far into <paramref name="outbox"/>; returns how many batches it made.</summary>
    public int FlushTo(DurableOutbox outbox, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        var made = 0;
        foreach (var chunk in _readings.Chunk(MaxReadingsPerBatch))
        {
            var batch = new TelemetryBatch { Site = site, Gateway = gateway, Seq = 0, SentAt = now, Readings = chunk };
            if (outbox.Append(TopicKind.Telemetry, now, seq => ProtocolCodec.Encode(batch with { Seq = seq })) is not null)
            {
                made++;
            }
        }

        // The outbox's own warnings (near full, dropped) ride in this round's events batch.
        _events.AddRange(outbox.TakeNotices());
        if (_events.Count > 0)
        {
            var events = _events.OrderBy(e => e.Time).ToArray();
            outbox.Append(TopicKind.Events, now, seq => ProtocolCodec.Encode(new EventBatch { Site = site, Gateway = gateway, Seq = seq, Events = events }));
            made++;
        }

        _readings.Clear();
        _events.Clear();
        return made;
    }
}
