using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;

namespace ColdChain.Edge.Outbox;

/// <summary>One batch waiting to go out, with its sequence number already fixed: a resend carries the same seq, so the receiver can spot the duplicate.</summary>
internal abstract record OutboxEntry(DateTimeOffset CreatedAt)
{
    public abstract TopicKind Kind { get; }

    public abstract long Seq { get; }

    /// <summary>The payload as it goes out at <paramref name="sentAt"/>.</summary>
    public abstract byte[] Encode(DateTimeOffset sentAt);
}

internal sealed record TelemetryEntry(TelemetryBatch Batch, DateTimeOffset CreatedAt) : OutboxEntry(CreatedAt)
{
    public override TopicKind Kind => TopicKind.Telemetry;

    public override long Seq => Batch.Seq;

    /// <summary><c>sent_at</c> is stamped at each attempt: it tells the receiver how stale the batch was when it left.</summary>
    public override byte[] Encode(DateTimeOffset sentAt) =>
        ProtocolCodec.Encode(Batch with { SentAt = UtcTimestampConverter.ToWirePrecision(sentAt) });
}

internal sealed record EventsEntry(EventBatch Batch, DateTimeOffset CreatedAt) : OutboxEntry(CreatedAt)
{
    public override TopicKind Kind => TopicKind.Events;

    public override long Seq => Batch.Seq;

    public override byte[] Encode(DateTimeOffset sentAt) => ProtocolCodec.Encode(Batch);
}
