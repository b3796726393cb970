using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Sequencing.Sqlite;

/// <summary>Batch receipts in the embedded SQLite file, keyed by gateway, first reading and seq.</summary>
public sealed class SqliteSequenceLedger : ISequenceLedger
{
    // Keyed by measurement time as well as seq: after a gateway's seq restarts, its new batch 1 must not overwrite the
    // receipt of the old batch 1. A redelivered batch has the same first reading, so it still lands on its own row.
    // Files written before the restart-aware key hold batch_receipts (keyed by seq alone): their rows are copied over.
    private const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS batch_receipt_runs (
            site     TEXT    NOT NULL,
            gateway  TEXT    NOT NULL,
            first_ms INTEGER NOT NULL,
            seq      INTEGER NOT NULL,
            last_ms  INTEGER NOT NULL,
            PRIMARY KEY (site, gateway, first_ms, seq)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS batch_receipt_runs_by_time ON batch_receipt_runs (first_ms);
        """;

    private const string MigrateSeqKeyed = """
        BEGIN IMMEDIATE;
        INSERT OR IGNORE INTO batch_receipt_runs (site, gateway, first_ms, seq, last_ms)
            SELECT site, gateway, first_ms, seq, last_ms FROM batch_receipts;
        DROP TABLE batch_receipts;
        COMMIT;
        """;

    private const string Upsert = """
        INSERT OR REPLACE INTO batch_receipt_runs (site, gateway, first_ms, seq, last_ms)
        VALUES ($site, $gateway, $first_ms, $seq, $last_ms)
        """;

    // The window's receipts plus, per gateway, the last one before it and the first one after it: a gap that reaches
    // into the window from either side is found too.
    private const string Select = """
        SELECT site, gateway, seq, first_ms, last_ms FROM batch_receipt_runs
        WHERE first_ms >= $from_ms AND first_ms < $to_ms AND ($gateway IS NULL OR gateway = $gateway)
        UNION
        SELECT b.site, b.gateway, b.seq, b.first_ms, b.last_ms FROM batch_receipt_runs b
        JOIN (SELECT site, gateway, MAX(first_ms) AS edge_ms FROM batch_receipt_runs
              WHERE first_ms < $from_ms AND ($gateway IS NULL OR gateway = $gateway) GROUP BY site, gateway) e
          ON b.site = e.site AND b.gateway = e.gateway AND b.first_ms = e.edge_ms
        UNION
        SELECT b.site, b.gateway, b.seq, b.first_ms, b.last_ms FROM batch_receipt_runs b
        JOIN (SELECT site, gateway, MIN(first_ms) AS edge_ms FROM batch_receipt_runs
              WHERE first_ms >= $to_ms AND ($gateway IS NULL OR gateway = $gateway) GROUP BY site, gateway) e
          ON b.site = e.site AND b.gateway = e.gateway AND b.first_ms = e.edge_ms
        """;

    private readonly string _connectionString;
    private readonly SchemaOnce _schema;

    public SqliteSequenceLedger(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = SqliteFile.ConnectionString(options.Value.Path);
        _schema = new SchemaOnce(CreateAsync);
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await SqliteFile.ExecuteAsync(_connectionString, Create, cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        await using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'batch_receipts'";
        if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            await using var migrate = connection.CreateCommand();
            migrate.CommandText = MigrateSeqKeyed;
            await migrate.ExecuteNonQueryAsync(cancellationToken);
        }
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

        return GapFinder.Overlapping(GapFinder.Find(receipts), query);
    }
}
