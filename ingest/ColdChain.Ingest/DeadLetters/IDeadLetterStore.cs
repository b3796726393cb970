namespace ColdChain.Ingest.DeadLetters;

/// <summary>
/// The dead-letter store port: SQLite embedded, InfluxDB in production (the same <c>Storage:Kind</c> as telemetry).
/// A completed <see cref="WriteAsync"/> means the dead letters are durable: only then is the refused message acknowledged.
/// </summary>
public interface IDeadLetterStore
{
    Task WriteAsync(IReadOnlyCollection<DeadLetter> deadLetters, CancellationToken cancellationToken);

    Task<DeadLetterPage> QueryAsync(DeadLetterQuery query, CancellationToken cancellationToken);
}
