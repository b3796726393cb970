namespace ColdChain.Ingest.Sequencing;

/// <summary>
/// That telemetry batch <see cref="Seq"/> of a gateway was stored, and which measurement times it covered. Receipts are
/// kept in the store (not in one instance's memory) because with N instances each sees only some of a gateway's batches.
/// </summary>
public sealed record BatchReceipt(string Site, string Gateway, long Seq, DateTimeOffset FirstReading, DateTimeOffset LastReading);
