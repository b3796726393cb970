using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Protocol.Status;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Gateways.Sqlite;

/// <summary>Gateway status and power changes in the embedded SQLite file, keyed like the InfluxDB points (site, gateway, kind, time).</summary>
public sealed class SqliteGatewayHealthStore : IGatewayHealthStore
{
    private const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS gateway_health (
            site            TEXT    NOT NULL,
            gateway         TEXT    NOT NULL,
            kind            TEXT    NOT NULL,
            time_ms         INTEGER NOT NULL,
            online          INTEGER,
            mains           INTEGER,
            outbox_depth    INTEGER,
            oldest_unsent_s REAL,
            clock_synced    INTEGER,
            uptime_s        INTEGER,
            cpu_temp_c      REAL,
            disk_free_bytes INTEGER,
            config_version  INTEGER,
            version         TEXT,
            link            TEXT,
            signal_dbm      REAL,
            signal_quality_pct REAL,
            PRIMARY KEY (site, gateway, kind, time_ms)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS gateway_health_by_time ON gateway_health (time_ms);
        """;

    private const string Upsert = """
        INSERT OR REPLACE INTO gateway_health
            (site, gateway, kind, time_ms, online, mains, outbox_depth, oldest_unsent_s, clock_synced, uptime_s, cpu_temp_c, disk_free_bytes, config_version, version, link, signal_dbm, signal_quality_pct)
        VALUES ($site, $gateway, $kind, $time_ms, $online, $mains, $outbox_depth, $oldest_unsent_s, $clock_synced, $uptime_s, $cpu_temp_c, $disk_free_bytes, $config_version, $version, $link, $signal_dbm, $signal_quality_pct)
        """;

    private const string Select = """
        SELECT site, gateway, kind, time_ms, online, mains, outbox_depth, oldest_unsent_s, clock_synced, uptime_s, cpu_temp_c, disk_free_bytes, config_version, version, link, signal_dbm, signal_quality_pct
        FROM gateway_health
        WHERE time_ms >= $from_ms AND time_ms < $to_ms AND ($gateway IS NULL OR gateway = $gateway)
        ORDER BY time_ms, gateway
        """;

    // Files made before the signal columns existed get them added (ALTER TABLE ADD COLUMN keeps every row).
    private static readonly (string Column, string Type)[] AddedColumns = [("link", "TEXT"), ("signal_dbm", "REAL"), ("signal_quality_pct", "REAL")];

    private readonly string _connectionString;
    private readonly SchemaOnce _schema;

    public SqliteGatewayHealthStore(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = SqliteFile.ConnectionString(options.Value.Path);
        _schema = new SchemaOnce(CreateAsync);
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await SqliteFile.ExecuteAsync(_connectionString, Create, cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var columns = connection.CreateCommand())
        {
            columns.CommandText = "SELECT name FROM pragma_table_info('gateway_health')";
            await using var reader = await columns.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }

        foreach (var (column, type) in AddedColumns.Where(c => !existing.Contains(c.Column)))
        {
            await using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE gateway_health ADD COLUMN {column} {type}";
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task WriteAsync(IReadOnlyCollection<GatewayObservation> observations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
        {
            return;
        }

        await _schema.EnsureAsync(cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Upsert;
        foreach (var o in observations)
        {
            var health = o.Health;
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$site", o.Site);
            command.Parameters.AddWithValue("$gateway", o.Gateway);
            command.Parameters.AddWithValue("$kind", o.IsStatus ? "status" : "power");
            command.Parameters.AddWithValue("$time_ms", StoreTime.ToMilliseconds(o.Time));
            command.Parameters.AddWithValue("$online", o.State is { } state ? (state == GatewayState.Online ? 1 : 0) : DBNull.Value);
            command.Parameters.AddWithValue("$mains", o.MainsPresent is { } mains ? (mains ? 1 : 0) : DBNull.Value);
            command.Parameters.AddWithValue("$outbox_depth", health is null ? DBNull.Value : health.OutboxDepth);
            command.Parameters.AddWithValue("$oldest_unsent_s", (object?)health?.OldestUnsentSeconds ?? DBNull.Value);
            command.Parameters.AddWithValue("$clock_synced", health is null ? DBNull.Value : (health.ClockSynced ? 1 : 0));
            command.Parameters.AddWithValue("$uptime_s", health is null ? DBNull.Value : health.UptimeSeconds);
            command.Parameters.AddWithValue("$cpu_temp_c", (object?)health?.CpuTemperatureCelsius ?? DBNull.Value);
            command.Parameters.AddWithValue("$disk_free_bytes", (object?)health?.DiskFreeBytes ?? DBNull.Value);
            command.Parameters.AddWithValue("$config_version", (object?)health?.ConfigVersion ?? DBNull.Value);
            command.Parameters.AddWithValue("$version", (object?)health?.Version ?? DBNull.Value);
            command.Parameters.AddWithValue("$link", (object?)health?.Signal?.Link ?? DBNull.Value);
            command.Parameters.AddWithValue("$signal_dbm", (object?)health?.Signal?.Dbm ?? DBNull.Value);
            command.Parameters.AddWithValue("$signal_quality_pct", (object?)health?.Signal?.QualityPercent ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<GatewayObservation>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? gateway, CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken);
        await using var connection = await SqliteFile.OpenAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Select;
        command.Parameters.AddWithValue("$from_ms", StoreTime.BoundToMilliseconds(from));
        command.Parameters.AddWithValue("$to_ms", StoreTime.BoundToMilliseconds(to));
        command.Parameters.AddWithValue("$gateway", (object?)gateway ?? DBNull.Value);
        var observations = new List<GatewayObservation>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            observations.Add(Read(reader));
        }

        return observations;
    }

    private static GatewayObservation Read(SqliteDataReader r)
    {
        var site = r.GetString(0);
        var gateway = r.GetString(1);
        var time = StoreTime.FromMilliseconds(r.GetInt64(3));
        if (r.GetString(2) == "power")
        {
            return GatewayObservation.Power(site, gateway, time, r.GetInt64(5) == 1);
        }

        var online = r.GetInt64(4) == 1;
        var health = online && !r.IsDBNull(13)
            ? new GatewayHealth
            {
                Version = r.GetString(13),
                UptimeSeconds = r.GetInt64(9),
                OutboxDepth = r.GetInt64(6),
                OldestUnsentSeconds = r.IsDBNull(7) ? null : r.GetDouble(7),
                ClockSynced = r.GetInt64(8) == 1,
                CpuTemperatureCelsius = r.IsDBNull(10) ? null : r.GetDouble(10),
                DiskFreeBytes = r.IsDBNull(11) ? null : r.GetInt64(11),
                ConfigVersion = r.IsDBNull(12) ? null : r.GetInt64(12),
                Signal = r.IsDBNull(14)
                    ? null
                    : new GatewaySignal { Link = r.GetString(14), Dbm = r.IsDBNull(15) ? null : r.GetDouble(15), QualityPercent = r.IsDBNull(16) ? null : r.GetDouble(16) },
            }
            : null;
        return GatewayObservation.Status(site, gateway, time, online ? GatewayState.Online : GatewayState.Offline, health);
    }
}
