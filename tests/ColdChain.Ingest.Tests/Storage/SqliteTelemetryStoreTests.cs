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
