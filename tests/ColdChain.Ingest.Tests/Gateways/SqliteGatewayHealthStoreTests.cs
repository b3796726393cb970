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
}
