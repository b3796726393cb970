namespace ColdChain.Ingest.Storage;

/// <summary>
/// A store that prepares itself (SQLite tables, an InfluxDB database) before first use. Kept apart from
/// <see cref="ITelemetryStore"/> so the platform's fakes of the port need not implement it.
/// </summary>
internal interface IStoreSchema
{
    /// <summary>Idempotent; after the first success it returns at once.</summary>
    Task EnsureCreatedAsync(CancellationToken cancellationToken);
}
