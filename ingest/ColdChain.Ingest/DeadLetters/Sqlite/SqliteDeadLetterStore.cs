using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.DeadLetters.Sqlite;

/// <summary>Dead letters in the embedded SQLite file, in their own table beside the readings.</summary>
public sealed class SqliteDeadLetterStore : IDeadLetterStore
{
    private const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS dead_letters (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            received_ms   INTEGER NOT NULL,
            topic         TEXT    NOT NULL,
            site          TEXT    NULL,
            gateway       TEXT    NULL,
            reason        TEXT    NOT NULL,
            detail        TEXT    NOT NULL,
            payload       BLOB    NOT NULL,
            payload_bytes INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS dead_letters_by_time ON dead_letters (received_ms);
        CREATE INDEX IF NOT EXISTS dead_letters_by_gateway ON dead_letters (gateway, received_ms);
        """;

    private const string Insert = """
        INSERT INTO dead_letters (received_ms, topic, site, gateway, reason, detail, payload, payload_bytes)
        VALUES ($received_ms, $topic, $site, $gateway, $reason, $detail, $payload, $payload_bytes)
        """;

    private const string Select = """
        SELECT received_ms, topic, site, gateway, reason, detail, payload, payload_bytes
        FROM dead_letters
        WHERE received_ms >= $from_ms AND received_ms < $to_ms AND ($gateway IS NULL OR gateway = $gateway)
        ORDER BY received_ms DESC, id DESC
        LIMIT $limit OFFSET $offset
        """;

    private readonly string _connectionString;
    private readonly SchemaOnce _schema;

    public SqliteDeadLetterStore(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = SqliteFile.ConnectionString(options.Value.Path);
        _schema = new SchemaOnce(ct => SqliteFile.ExecuteAsync(_connectionString, Create, ct));
    }

    public async Task WriteAsync(IReadOnlyCollection<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetters);
        if (deadLetters.Count == 0)
        {
            return;
        }

        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Insert;
        foreach (var letter in deadLetters)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$received_ms", StoreTime.ToMilliseconds(letter.ReceivedAt));
            command.Parameters.AddWithValue("$topic", letter.Topic);
            command.Parameters.AddWithValue("$site", (object?)letter.Site ?? DBNull.Value);
            command.Parameters.AddWithValue("$gateway", (object?)letter.Gateway ?? DBNull.Value);
            command.Parameters.AddWithValue("$reason", letter.Reason);
            command.Parameters.AddWithValue("$detail", letter.Detail);
            command.Parameters.AddWithValue("$payload", letter.Payload.ToArray());
            command.Parameters.AddWithValue("$payload_bytes", letter.PayloadBytes);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<DeadLetterPage> QueryAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        command.Parameters.AddWithValue("$from_ms", StoreTime.BoundToMilliseconds(query.From));
        command.Parameters.AddWithValue("$to_ms", StoreTime.BoundToMilliseconds(query.To));
        command.Parameters.AddWithValue("$gateway", (object?)query.Gateway ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.Parameters.AddWithValue("$offset", query.Offset);

        var rows = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DeadLetter(
                StoreTime.FromMilliseconds(reader.GetInt64(0)),
                reader.GetString(1),
                await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2),
                await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                (byte[])reader.GetValue(6),
                reader.GetInt32(7)));
        }

        return DeadLetterPage.From(rows, query);
    }

    private Task EnsureCreatedAsync(CancellationToken cancellationToken) => _schema.EnsureAsync(cancellationToken);
}
