using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Sequencing.Sqlite;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Sequencing;

[TestFixture]
public sealed class SqliteSequenceLedgerTests : SequenceLedgerContract
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder("coldchain-ledger");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    protected override Task<ISequenceLedger> CreateLedgerAsync() =>
        Task.FromResult<ISequenceLedger>(new SqliteSequenceLedger(Options.Create(new SqliteStoreOptions { Path = _folder.Combine("ingest.db") })));
}
