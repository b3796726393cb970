namespace ColdChain.Ingest.Storage.Sqlite;

/// <summary>The telemetry table: one row per reading, keyed like the InfluxDB point it mirrors.</summary>
internal static class SqliteSchema
{
    // WAL lets the platform read while ingest writes. The key makes a replayed reading overwrite itself
    // (DESIGN: replays are idempotent); WITHOUT ROWID stores rows in key order, with no second copy of the key.
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS readings (
            quantity TEXT    NOT NULL,
            site     TEXT    NOT NULL,
            gateway  TEXT    NOT NULL,
            asset    TEXT    NOT NULL,
            sensor   TEXT    NOT NULL,
            time_ms  INTEGER NOT NULL,
            value    REAL    NULL,
            status   TEXT    NOT NULL,
            PRIMARY KEY (quantity, site, gateway, asset, sensor, time_ms)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS readings_by_asset_time ON readings (asset, time_ms);
        """;

    public const string Upsert = """
        INSERT OR REPLACE INTO readings (quantity, site, gateway, asset, sensor, time_ms, value, status)
        VALUES ($quantity, $site, $gateway, $asset, $sensor, $time_ms, $value, $status)
        """;

    public const string SelectByAsset = """
        SELECT quantity, site, gateway, asset, sensor, time_ms, value, status
        FROM readings
        WHERE asset = $asset AND time_ms >= $from_ms AND time_ms < $to_ms AND ($quantity IS NULL OR quantity = $quantity)
        ORDER BY time_ms
        """;
}
