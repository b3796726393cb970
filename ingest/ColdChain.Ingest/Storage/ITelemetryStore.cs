namespace ColdChain.Ingest.Storage;

/// <summary>
/// The telemetry store port. Two adapters: InfluxDB (v1 HTTP API) in production, SQLite embedded.
/// A completed <see cref="WriteAsync"/> means the readings are durable in the store: only then is the MQTT message acknowledged.
/// </summary>
public interface ITelemetryStore
{
    Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// How many readings <see cref="QueryAsync"/> would return: a reading written again counts once, so the count grows
    /// exactly when a reading new to the window lands (a late backlog, for one). Both adapters count without reading;
    /// this fallback (for test doubles) reads.
    /// </summary>
    async Task<long> CountAsync(ReadingQuery query, CancellationToken cancellationToken) => (await QueryAsync(query, cancellationToken)).Count;

    /// <summary>True when the store answers; used by <c>/health/ready</c>.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
