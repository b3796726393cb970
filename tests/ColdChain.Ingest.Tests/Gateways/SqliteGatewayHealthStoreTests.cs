using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Gateways.Sqlite;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Gateways;

[TestFixture]
public sealed class SqliteGatewayHealthStoreTests : GatewayHealthStoreContract
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder("coldchain-gateway-health");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    protected override Task<IGatewayHealthStore> CreateStoreAsync() =>
        Task.FromResult<IGatewayHealthStore>(new SqliteGatewayHealthStore(Options.Create(new SqliteStoreOptions { Path = _folder.Combine("ingest.db") })));

    [Test]
    public async Task A_file_from_before_the_signal_columns_keeps_its_rows_and_takes_signals()
    {
        await using (var connection = new SqliteConnection($"Data Source={_folder.Combine("ingest.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE gateway_health (site TEXT NOT NULL, gateway TEXT NOT NULL, kind TEXT NOT NULL, time_ms INTEGER NOT NULL,
                    online INTEGER, mains INTEGER, outbox_depth INTEGER, oldest_unsent_s REAL, clock_synced INTEGER, uptime_s INTEGER,
                    cpu_temp_c REAL, disk_free_bytes INTEGER, config_version INTEGER, version TEXT,
                    PRIMARY KEY (site, gateway, kind, time_ms)) WITHOUT ROWID;
                INSERT INTO gateway_health (site, gateway, kind, time_ms, online) VALUES ('site-1', 'gw-old', 'status', 1000, 0);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var store = await CreateStoreAsync();
        var t = DateTimeOffset.FromUnixTimeMilliseconds(2000);
        var health = new ColdChain.Protocol.Status.GatewayHealth { Version = "1", UptimeSeconds = 1, Signal = new() { Link = "wifi", Dbm = -50 } };
        await store.WriteAsync([GatewayObservation.Status("site-1", "gw-new", t, ColdChain.Protocol.Status.GatewayState.Online, health)], CancellationToken.None);

        var all = await store.QueryAsync(DateTimeOffset.UnixEpoch, t.AddSeconds(1), null, CancellationToken.None);

        Assert.That(all.Select(o => (o.Gateway, o.Health?.Signal?.Dbm)), Is.EqualTo(new[] { ("gw-old", (double?)null), ("gw-new", -50.0) }));
    }
}
