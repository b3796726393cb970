using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Testing;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Storage;

[TestFixture]
public sealed class SqliteTelemetryStoreTests : TelemetryStoreContract
{
    private TempFolder? _folder;

    protected override Task<ITelemetryStore> CreateStoreAsync()
    {
        _folder = new TempFolder("coldchain-sqlite-store");
        var store = new SqliteTelemetryStore(Options.Create(new SqliteStoreOptions { Path = _folder.Combine("nested", "telemetry.db") }));
        return Task.FromResult<ITelemetryStore>(store);
    }

    [TearDown]
    public void RemoveFolder()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder?.Dispose();
    }

    [Test]
    public async Task A_database_of_an_earlier_version_gets_the_covering_index_at_start_and_keeps_its_readings()
    {
        var path = _folder!.Combine("earlier.db");
        await using (var earlier = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await earlier.OpenAsync();
            await using var create = earlier.CreateCommand();
            create.CommandText = """
                CREATE TABLE readings (quantity TEXT NOT NULL, site TEXT NOT NULL, gateway TEXT NOT NULL, asset TEXT NOT NULL,
                    sensor TEXT NOT NULL, time_ms INTEGER NOT NULL, value REAL NULL, status TEXT NOT NULL,
                    PRIMARY KEY (quantity, site, gateway, asset, sensor, time_ms)) WITHOUT ROWID;
                CREATE INDEX readings_by_asset_time ON readings (asset, time_ms);
                INSERT INTO readings VALUES ('temperature', 'site-1', 'gw-1', 'asset-1', 'probe-1', 1768471200123, 4.5, 'ok');
                """;
            await create.ExecuteNonQueryAsync();
        }

        var store = new SqliteTelemetryStore(Options.Create(new SqliteStoreOptions { Path = path }));
        var read = await store.QueryAsync(new ReadingQuery("asset-1", DateTimeOffset.FromUnixTimeMilliseconds(1768471200000), DateTimeOffset.FromUnixTimeMilliseconds(1768471300000)), CancellationToken.None);

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var indexes = connection.CreateCommand();
        indexes.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'readings' AND sql IS NOT NULL ORDER BY name";
        var names = new List<string>();
        await using (var reader = await indexes.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.That(read.Single().Value, Is.EqualTo(4.5));
        Assert.That(names, Is.EqualTo(new[] { "readings_by_asset_time_covering" }));
    }

    [Test]
    public async Task The_database_file_uses_write_ahead_logging_so_readers_do_not_block_ingest()
    {
        await Store.IsReadyAsync(CancellationToken.None);
        var path = ((SqliteTelemetryStore)Store).DatabasePath;

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("wal"));
    }
}
