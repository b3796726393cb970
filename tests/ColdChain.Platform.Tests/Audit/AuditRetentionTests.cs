using ColdChain.Platform.Audit;
using ColdChain.Platform.Commands;
using ColdChain.Platform.Data;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Platform.Tests.Audit;

/// <summary>
/// Retention removes entries only past their own retention (access records 180 days, the rest 5 years by default);
/// each purge records what it removed in the chain, which stays verifiable, and a row deleted behind its back is still named.
/// </summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(90_000)]
public sealed class AuditRetentionTests(Database database)
{
    private FakeTimeProvider _time = null!;
    private TestPlatform _platform = null!;

    [SetUp]
    public async Task Start()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        _platform = await TestPlatform.StartAsync(database, s => s.AddSingleton<TimeProvider>(_time));
    }

    [TearDown]
    public async Task Stop() => await _platform.DisposeAsync();

    [Test]
    public async Task Nothing_inside_its_retention_is_removed()
    {
        var first = await RecordAsync("login.failure");
        await RecordAsync("asset.update");
        _time.Advance(TimeSpan.FromDays(179));

        var anchor = await PurgeAsync();

        Assert.That(anchor, Is.Null);
        Assert.That(await SequencesAsync(), Does.Contain(first));
    }

    [Test]
    public async Task Access_records_go_after_180_days_around_younger_records_and_the_chain_still_verifies()
    {
        var oldLogins = new[] { await RecordAsync("login.failure"), await RecordAsync("login.success"), await RecordAsync("report.download") };
        var change = await RecordAsync("asset.update");
        var laterLogin = await RecordAsync("login.success");
        _time.Advance(TimeSpan.FromDays(181));
        await RecordAsync("login.success");

        var anchor = await PurgeAsync();
        var left = await SequencesAsync();
        var (exitCode, output) = await VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(anchor!.Removed, Is.GreaterThanOrEqualTo(4));
            Assert.That(left, Does.Not.Contain(oldLogins[0]).And.Not.Contain(oldLogins[^1]).And.Not.Contain(laterLogin));
            Assert.That(left, Does.Contain(change), "a change record keeps 5 years");
            Assert.That(exitCode, Is.EqualTo(0), output);
        });
    }

    [Test]
    public async Task After_five_years_a_second_purge_moves_the_anchor_and_the_chain_still_verifies()
    {
        await RecordAsync("login.failure");
        var change = await RecordAsync("asset.update");
        _time.Advance(TimeSpan.FromDays(181));
        await PurgeAsync();
        var young = await RecordAsync("sensor.certificate-add");
        _time.Advance(TimeSpan.FromDays(5 * 365 + 2 - 181 + 1));

        var anchor = await PurgeAsync();
        var left = await SequencesAsync();
        var (exitCode, output) = await VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(anchor!.Runs.Select(r => (r.From, r.To)), Does.Contain((change, change)));
            Assert.That(left, Does.Contain(young));
            Assert.That(exitCode, Is.EqualTo(0), output);
        });
    }

    [Test]
    public async Task A_row_deleted_behind_a_purge_is_still_named()
    {
        await RecordAsync("login.failure");
        await RecordAsync("login.failure");
        _time.Advance(TimeSpan.FromDays(181));
        var kept = await RecordAsync("asset.update");
        await RecordAsync("asset.update");
        var anchor = await PurgeAsync();
        var (before, _) = await VerifyAsync();

        await _platform.SqlAsync($"""DELETE FROM "AuditEntries" WHERE "Sequence" = {kept}""");
        var (exitCode, output) = await VerifyAsync();

        Assert.That(anchor!.Runs[^1].To, Is.EqualTo(kept - 1));
        Assert.That(before, Is.EqualTo(0));
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain($"BROKEN at entry {kept}").And.Contain("missing"));
    }

    [Test]
    public async Task The_purge_command_removes_nothing_that_is_young()
    {
        await RecordAsync("login.failure");
        using var output = new StringWriter();

        var exitCode = await AuditPurgeCommand.RunAsync(_platform.DatabaseArgs, output, CancellationToken.None);

        Assert.That((exitCode, output.ToString().Trim()), Is.EqualTo((0, "audit purge: nothing is past its retention")));
    }

    private Task<long> RecordAsync(string action) => _platform.InScopeAsync(async s =>
        (await s.GetRequiredService<AuditTrail>().RecordAsync(s.GetRequiredService<PlatformDbContext>(), AuditActor.System, action, "test", action)).Sequence);

    private Task<AuditRetention.Purge?> PurgeAsync() => _platform.InScopeAsync(s => s.GetRequiredService<AuditRetention>().PurgeAsync(CancellationToken.None));

    private Task<List<long>> SequencesAsync() => _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.Select(a => a.Sequence).ToListAsync());

    private async Task<(int ExitCode, string Output)> VerifyAsync()
    {
        using var output = new StringWriter();
        var exitCode = await AuditVerifyCommand.RunAsync(_platform.DatabaseArgs, output, CancellationToken.None);
        return (exitCode, output.ToString());
    }
}
