namespace ColdChain.Ingest.Sequencing;

/// <summary>
/// The receipts of stored telemetry batches, per gateway and seq: SQLite embedded, InfluxDB in production. Recording
/// a receipt twice is harmless (a redelivered batch), so the ledger is as idempotent as the readings.
/// </summary>
public interface ISequenceLedger
{
    Task RecordAsync(IReadOnlyCollection<BatchReceipt> receipts, CancellationToken cancellationToken);

    /// <summary>Coverage gaps: missing seqs between the receipts in the window, per gateway, oldest first.</summary>
    Task<IReadOnlyList<CoverageGap>> GapsAsync(GapQuery query, CancellationToken cancellationToken);
}
