using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Topics;

namespace ColdChain.Edge.Outbox;

/// <summary>
/// One batch waiting to go out, as it was persisted: its sequence number was fixed in the same transaction that stored
/// it, so a resend carries the same seq and the receiver can spot the duplicate.
/// </summary>
internal sealed record OutboxEntry(long Id, TopicKind Kind, long Seq, DateTimeOffset CreatedAt, byte[] Payload)
{
    /// <summary>
    /// The payload as it goes out at <paramref name="sentAt"/>. A telemetry batch's <c>sent_at</c> is stamped at each
    /// attempt: it tells the receiver how stale the batch was when it left. Events go out byte for byte as stored.
    /// </summary>
    public byte[] Encode(DateTimeOffset sentAt) =>
        Kind == TopicKind.Telemetry
            ? ProtocolCodec.Encode(ProtocolCodec.DecodeTelemetry(Payload) with { SentAt = UtcTimestampConverter.ToWirePrecision(sentAt) })
            : Payload;
}
