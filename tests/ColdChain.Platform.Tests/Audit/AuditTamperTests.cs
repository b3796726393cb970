using ColdChain.Platform.Audit;
using ColdChain.Platform.Commands;
using ColdChain.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Audit;

/// <summary>
/// Rows changed behind the application's back — edited, deleted or inserted directly in the database — make
/// <c>audit verify</c> exit non-zero and name the first broken entry; an untouched trail passes.
/// </summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(60_000)]
public sealed class AuditTamperTests(Database database)
{
    private readonly List<long> _sequences = [];
    private TestPlatform _platform = null!;

    [SetUp]
    public async Task StartPlatformWithFiveEntries()
    {
        _platform = await TestPlatform.StartAsync(database);
        _sequences.Clear();
        for (var i = 1; i <= 5; i++)
        {
            var entry = await _platform.InScopeAsync(async s =>
            {
                var db = s.GetRequiredService<ColdChain.Platform.Data.PlatformDbContext>();
                return await s.GetRequiredService<AuditTrail>().RecordAsync(db, AuditActor.System, "test.event", "test", $"thing-{i}", newValues: new { Number = i });
            });
            _sequences.Add(entry.Sequence);
        }
    }

    [TearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task An_untouched_trail_verifies()
    {
        var (exitCode, output) = await VerifyAsync();

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"intact: {_sequences[^1]} entries"));
    }

    [Test]
    public async Task An_edited_entry_is_named()
    {
        await _platform.SqlAsync($$$"""UPDATE "AuditEntries" SET "NewValues" = '{{"number":99}}' WHERE "Sequence" = {{{_sequences[2]}}}""");

        var (exitCode, output) = await VerifyAsync();

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"BROKEN at entry {_sequences[2]}").And.Contain("edited"));
    }

    [Test]
    public async Task A_deleted_entry_is_named()
    {
        await _platform.SqlAsync($"""DELETE FROM "AuditEntries" WHERE "Sequence" = {_sequences[1]}""");

        var (exitCode, output) = await VerifyAsync();

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"BROKEN at entry {_sequences[1]}").And.Contain("missing"));
    }

    [Test]
    public async Task An_inserted_entry_is_named_even_with_a_well_formed_hash_of_its_own()
    {
        // A forger moves the last two entries up and slips a row in before them that hashes correctly over its own
        // content, but cannot link it: its previous hash is a made-up value.
        var at = _sequences[3];
        await _platform.SqlAsync($"""UPDATE "AuditEntries" SET "Sequence" = "Sequence" + 100 WHERE "Sequence" >= {at}""");
        var forged = new AuditEntry { Sequence = at, Time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), ActorKind = "user", Actor = "mallory", Action = "asset.update", Entity = "asset", EntityId = "truck-01", PreviousHash = new string('a', 64) };
        forged.Hash = AuditChain.ComputeHash(forged.PreviousHash, forged);
        await _platform.SqlAsync($"""
            INSERT INTO "AuditEntries" ("Sequence", "Time", "ActorKind", "Actor", "Action", "Entity", "EntityId", "PreviousHash", "Hash")
            VALUES ({at}, '2026-01-01 00:00:00', 'user', 'mallory', 'asset.update', 'asset', 'truck-01', '{forged.PreviousHash}', '{forged.Hash}')
            """);

        var (exitCode, output) = await VerifyAsync();

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"BROKEN at entry {at}"));
    }

    [Test]
    public async Task Deleting_the_newest_entries_is_named_against_the_head_kept_outside_the_database()
    {
        // No gap is left for the chain walk to find: only the head file (written after every append) knows more existed.
        await _platform.SqlAsync($"""DELETE FROM "AuditEntries" WHERE "Sequence" >= {_sequences[3]}""");

        var (exitCode, output) = await VerifyAsync();

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"BROKEN at entry {_sequences[3]}").And.Contain("truncated"));
    }

    [Test]
    public async Task Replacing_the_newest_entry_with_a_well_linked_forgery_is_named_against_the_head()
    {
        // The forger deletes the last entry and appends one of their own that links and hashes correctly.
        var last = _sequences[^1];
        var previous = await _platform.InScopeAsync(s => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            s.GetRequiredService<ColdChain.Platform.Data.PlatformDbContext>().AuditEntries, a => a.Sequence == last - 1));
        var forged = new AuditEntry { Sequence = last, Time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), ActorKind = "user", Actor = "mallory", Action = "asset.update", Entity = "asset", EntityId = "truck-01", PreviousHash = previous.Hash };
        forged.Hash = AuditChain.ComputeHash(forged.PreviousHash, forged);
        await _platform.SqlAsync($"""DELETE FROM "AuditEntries" WHERE "Sequence" = {last}""");
        await _platform.SqlAsync($"""
            INSERT INTO "AuditEntries" ("Sequence", "Time", "ActorKind", "Actor", "Action", "Entity", "EntityId", "PreviousHash", "Hash")
            VALUES ({last}, '2026-01-01 00:00:00', 'user', 'mallory', 'asset.update', 'asset', 'truck-01', '{forged.PreviousHash}', '{forged.Hash}')
            """);

        var (exitCode, output) = await VerifyAsync();

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"BROKEN at entry {last}").And.Contain("head"));
    }

    [Test]
    public async Task The_API_offers_no_way_to_change_or_delete_an_audit_entry()
    {
        var admin = await _platform.SignInAsNewAsync(ColdChain.Platform.Identity.Roles.Admin);

        using var delete = await _platform.SendAsync(admin, HttpMethod.Delete, "/api/audit");
        using var put = await _platform.SendAsync(admin, HttpMethod.Put, "/api/audit", new { });

        Assert.That((int)delete.StatusCode, Is.EqualTo(405));
        Assert.That((int)put.StatusCode, Is.EqualTo(405));
    }

    private async Task<(int ExitCode, string Output)> VerifyAsync()
    {
        using var output = new StringWriter();
        var exitCode = await AuditVerifyCommand.RunAsync(_platform.DatabaseArgs, output, CancellationToken.None);
        return (exitCode, output.ToString());
    }
}
