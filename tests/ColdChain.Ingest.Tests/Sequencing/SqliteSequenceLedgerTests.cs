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

    protected override Task<ISequenceLedger> CreateLedgerAsync() => Task.FromResult(ReopenLedger());

    protected override ISequenceLedger ReopenLedger() =>
        new SqliteSequenceLedger(Options.Create(new SqliteStoreOptions { Path = _folder.Combine("ingest.db") }));

    [Test]
    public async Task Receipts_of_a_file_keyed_by_seq_alone_are_carried_over()
    {
        var path = _folder.Combine("ingest.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE batch_receipts (site TEXT NOT NULL, gateway TEXT NOT NULL, seq INTEGER NOT NULL, first_ms INTEGER NOT NULL,
                    last_ms INTEGER NOT NULL, PRIMARY KEY (site, gateway, seq)) WITHOUT ROWID;
                INSERT INTO batch_receipts VALUES ('site-1', 'gw-1', 1, 1795608060000, 1795608090000), ('site-1', 'gw-1', 4, 1795608240000, 1795608270000);
                """;
            await command.ExecuteNonQueryAsync();
        }

        var gaps = await ReopenLedger().GapsAsync(new GapQuery(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100)), CancellationToken.None);

        Assert.That(gaps.Select(g => (g.FirstMissingSeq, g.LastMissingSeq)), Is.EqualTo(new[] { (2L, 3L) }));
    }
}
