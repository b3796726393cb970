namespace ColdChain.Ingest.DeadLetters;

/// <summary>
/// A message ingest refused for good, kept so an installer can see exactly what a gateway sent and why it was refused.
/// <see cref="Site"/> and <see cref="Gateway"/> come from the topic (null when the topic itself was wrong);
/// <see cref="Payload"/> holds at most <see cref="MaxStoredPayloadBytes"/> of the raw bytes, <see cref="PayloadBytes"/> the full size.
/// </summary>
public sealed record DeadLetter(
    DateTimeOffset ReceivedAt,
    string Topic,
    string? Site,
    string? Gateway,
    string Reason,
    string Detail,
    ReadOnlyMemory<byte> Payload,
    int PayloadBytes)
{
    /// <summary>A 50 MB junk payload must not become a 50 MB row: the head is enough to see what it was.</summary>
    public const int MaxStoredPayloadBytes = 64 * 1024;

    /// <summary>Details beyond this are cut: a 10,000-reading batch with an error in each reading stays readable.</summary>
    public const int MaxDetailLength = 4000;

    public static DeadLetter Create(DateTimeOffset receivedAt, string topic, string? site, string? gateway, string reason, string detail, ReadOnlySpan<byte> payload) =>
        new(
            receivedAt,
            topic,
            site,
            gateway,
            reason,
            detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength] + "…",
            payload[..Math.Min(payload.Length, MaxStoredPayloadBytes)].ToArray(),
            payload.Length);
}
