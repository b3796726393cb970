using ColdChain.Protocol.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Storage.Sqlite;

/// <summary>The embedded telemetry store: one SQLite file, WAL, one transaction per write.</summary>
public sealed class SqliteTelemetryStore : ITelemetryStore, IStoreSchema
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteTelemetryStore(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DatabasePath = System.IO.Path.GetFullPath(options.Value.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            if (System.IO.Path.GetDirectoryName(DatabasePath) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Create;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public async Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SqliteSchema.Upsert;
        var quantity = command.Parameters.Add("$quantity", SqliteType.Text);
        var site = command.Parameters.Add("$site", SqliteType.Text);
        var gateway = command.Parameters.Add("$gateway", SqliteType.Text);
        var asset = command.Parameters.Add("$asset", SqliteType.Text);
        var sensor = command.Parameters.Add("$sensor", SqliteType.Text);
        var time = command.Parameters.Add("$time_ms", SqliteType.Integer);
        var value = command.Parameters.Add("$value", SqliteType.Real);
        var status = command.Parameters.Add("$status", SqliteType.Text);
        await command.PrepareAsync(cancellationToken);

        foreach (var reading in readings)
        {
            quantity.Value = reading.Quantity.WireName();
            site.Value = reading.Site;
            gateway.Value = reading.Gateway;
            asset.Value = reading.Asset;
            sensor.Value = reading.Sensor;
            time.Value = StoreTime.ToMilliseconds(reading.Time);
            value.Value = reading.Value is { } v ? v : DBNull.Value;
            status.Value = reading.Status.WireName();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        var readings = SqliteReadings.Read(
            connection, query.Quantity is null ? SqliteSchema.SelectByAsset : SqliteSchema.SelectByAssetAndQuantity, query, cancellationToken);

        // The index hands rows over in the port's order already; checking costs one pass, sorting only if SQLite's
        // byte order of a name ever disagrees with ordinal UTF-16 order (characters beyond the BMP).
        readings.SortIfNeeded(ReadingOrder.Instance);
        return readings;
    }

    public async Task<long> CountAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureCreatedAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSchema.CountByAsset;
        command.Parameters.AddWithValue("$asset", query.Asset);
        command.Parameters.AddWithValue("$from_ms", StoreTime.BoundToMilliseconds(query.From));
        command.Parameters.AddWithValue("$to_ms", StoreTime.BoundToMilliseconds(query.To));
        command.Parameters.AddWithValue("$quantity", query.Quantity is { } quantity ? quantity.WireName() : DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCreatedAsync(cancellationToken);
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1 FROM readings LIMIT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // A completed write must survive a power cut (the Pi-sized deployment): FULL syncs the WAL on every commit.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = FULL";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
