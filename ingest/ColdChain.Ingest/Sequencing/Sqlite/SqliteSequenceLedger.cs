using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Sequencing.Sqlite;

/// <summary>Batch receipts in the embedded SQLite file, keyed by gateway and seq.</summary>
public sealed class SqliteSequenceLedger : ISequenceLedger
{
    private const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS batch_receipts (
            site     TEXT    NOT NULL,
            gateway  TEXT    NOT NULL,
            seq      INTEGER NOT NULL,
            first_ms INTEGER NOT NULL,
            last_ms  INTEGER NOT NULL,
            PRIMARY KEY (site, gateway, seq)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS batch_receipts_by_time ON batch_receipts (first_ms);
        """;

    private const string Upsert = """
        INSERT OR REPLACE INTO batch_receipts (site, gateway, seq, first_ms, last_ms)
        VALUES ($site, $gateway, $seq, $first_ms, $last_ms)
        """;

    private const string Select = """
        SELECT site, gateway, seq, first_ms, last_ms FROM batch_receipts
        WHERE first_ms >= $from_ms AND first_ms < $to_ms AND ($gateway IS NULL OR gateway = $gateway)
        """;

    private readonly string _connectionString;
    private readonly SchemaOnce _schema;

    public SqliteSequenceLedger(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = SqliteFile.ConnectionString(options.Value.Path);
        _schema = new SchemaOnce(ct => SqliteFile.ExecuteAsync(_connectionString, Create, ct));
    }

    public async Task RecordAsync(IReadOnlyCollection<BatchReceipt> receipts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
        {
            return;
        }

        await _schema.EnsureAsync(cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Upsert;
        foreach (var receipt in receipts)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$site", receipt.Site);
            command.Parameters.AddWithValue("$gateway", receipt.Gateway);
            command.Parameters.AddWithValue("$seq", receipt.Seq);
            command.Parameters.AddWithValue("$first_ms", StoreTime.ToMilliseconds(receipt.FirstReading));
            command.Parameters.AddWithValue("$last_ms", StoreTime.ToMilliseconds(receipt.LastReading));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CoverageGap>> GapsAsync(GapQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _schema.EnsureAsync(cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        command.Parameters.AddWithValue("$from_ms", StoreTime.BoundToMilliseconds(query.From));
        command.Parameters.AddWithValue("$to_ms", StoreTime.BoundToMilliseconds(query.To));
        command.Parameters.AddWithValue("$gateway", (object?)query.Gateway ?? DBNull.Value);
        var receipts = new List<BatchReceipt>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            receipts.Add(new BatchReceipt(
                reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                StoreTime.FromMilliseconds(reader.GetInt64(3)), StoreTime.FromMilliseconds(reader.GetInt64(4))));
        }

        return GapFinder.Find(receipts);
    }
}
