using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.DeadLetters.Sqlite;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.DeadLetters;

[TestFixture]
public sealed class SqliteDeadLetterStoreTests : DeadLetterStoreContract
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder("coldchain-dead-letters");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    protected override Task<IDeadLetterStore> CreateStoreAsync() =>
        Task.FromResult<IDeadLetterStore>(new SqliteDeadLetterStore(Options.Create(new SqliteStoreOptions { Path = _folder.Combine("sub", "ingest.db") })));
}
