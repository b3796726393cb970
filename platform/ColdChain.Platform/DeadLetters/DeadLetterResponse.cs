using ColdChain.Ingest.DeadLetters;

namespace ColdChain.Platform.DeadLetters;

/// <summary>
/// One refused message as the API shows it. <c>Payload</c> is base64 of the stored bytes (binary junk survives JSON);
/// <c>PayloadTruncated</c> says the store kept only the head of a larger payload.
/// </summary>
public sealed record DeadLetterResponse(
    DateTimeOffset ReceivedAt,
    string Topic,
    string? Site,
    string? Gateway,
    string Reason,
    string Detail,
    string Payload,
    int PayloadBytes,
    bool PayloadTruncated)
{
    public static DeadLetterResponse From(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        return new(
            letter.ReceivedAt,
            letter.Topic,
            letter.Site,
            letter.Gateway,
            letter.Reason,
            letter.Detail,
            Convert.ToBase64String(letter.Payload.Span),
            letter.PayloadBytes,
            letter.Payload.Length < letter.PayloadBytes);
    }
}

/// <summary>A page of dead letters, newest first; ask for <c>page + 1</c> while <c>HasMore</c>.</summary>
public sealed record DeadLetterPageResponse(IReadOnlyList<DeadLetterResponse> Items, int Page, int PageSize, bool HasMore);
