using Microsoft.Data.Sqlite;

namespace ColdChain.Ingest.Storage.Sqlite;

/// <summary>Opens the embedded SQLite file the way every SQLite adapter of ingest needs it: created on demand, durable commits.</summary>
internal static class SqliteFile
{
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            if (Path.GetDirectoryName(connection.DataSource) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await connection.OpenAsync(cancellationToken);

            // A completed write must survive a power cut: FULL syncs the WAL on every commit. The busy timeout lets
            // the telemetry, dead-letter and receipt writers share the file without "database is locked" errors.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs schema DDL once per store instance (idempotent DDL, so a race only repeats harmless work).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
