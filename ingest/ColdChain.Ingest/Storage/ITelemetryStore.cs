namespace ColdChain.Ingest.Storage;

/// <summary>
/// The telemetry store port. Two adapters: InfluxDB (v1 HTTP API) in production, SQLite embedded.
/// A completed <see cref="WriteAsync"/> means the readings are durable in the store: only then is the MQTT message acknowledged.
/// </summary>
public interface ITelemetryStore
{
    Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken);

    /// <summary>True when the store answers; used by <c>/health/ready</c>.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
