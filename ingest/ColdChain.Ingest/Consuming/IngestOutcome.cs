namespace ColdChain.Ingest.Consuming;

/// <summary>What became of one message. Either way it is acknowledged: stored, or refused for good as bad input.</summary>
internal readonly record struct IngestOutcome(int StoredReadings, string? RejectReason, string? RejectDetail)
{
    public bool IsRejected => RejectReason is not null;

    public static IngestOutcome Stored(int readings) => new(readings, null, null);

    public static IngestOutcome Rejected(string reason, string detail) => new(0, reason, detail);
}
