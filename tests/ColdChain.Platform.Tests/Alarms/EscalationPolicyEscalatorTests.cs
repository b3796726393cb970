using System.Net;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Platform.Tests.Alarms;

/// <summary>The running escalator on a fake clock: a site's stored policy, changed through the API, decides who is told and when, without a restart.</summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class EscalationPolicyEscalatorTests
{
    private const string ConfiguredOps = "ops-configured@test.coldchain.local";

    private FakeTimeProvider _time = null!;
    private TestPlatform _platform = null!;

    [SetUp]
    public async Task Start()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        _platform = await TestPlatform.StartAsync(Database.Sqlite, s => s.AddSingleton<TimeProvider>(_time),
            "--Alarms:AcknowledgeWithin=00:30:00",
            "--Alarms:Escalation:0:Site=depot",
            $"--Alarms:Escalation:0:OperatorsOnDuty:0={ConfiguredOps}",
            "--Alarms:Escalation:0:QaManagers:0=qa-configured@test.coldchain.local",
            "--Notifications:Email:MaxAttempts=1",
            "--Notifications:Email:Port=9",
            "--Registry:Assets:0:Id=room-h", "--Registry:Assets:0:Name=Room H", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=depot");
    }

    [TearDown]
    public async Task Stop() => await _platform.DisposeAsync();

    [Test]
    public async Task A_sites_stored_policy_decides_who_is_told_and_when_and_reaches_the_running_escalator()
    {
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);
        var operatorEmail = "night-operator@test.coldchain.local";
        var onDuty = await _platform.SignInAsNewAsync(Roles.Operator, operatorEmail);
        await _platform.SignInAsNewAsync(Roles.ComplianceOfficer, "qa-lead@test.coldchain.local");
        using var sites = await _platform.SendAsync(admin, HttpMethod.Put, $"/api/users/{onDuty.UserId}/sites", new { sites = new[] { "depot" } });
        using var put = await _platform.SendAsync(admin, HttpMethod.Put, "/api/sites/depot/escalation", new
        {
            steps = new object[]
            {
                new { level = 0, recipients = Array.Empty<string>(), roles = Array.Empty<string>() },
                new { level = 1, delayMinutes = 2, recipients = Array.Empty<string>(), roles = new[] { Roles.Operator } },
                new { level = 2, delayMinutes = 5, recipients = new[] { "qa-lead@test.coldchain.local" }, roles = Array.Empty<string>() },
            },
        });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        // The alarm monitor is off here: only the running escalator takes the refresh the change asked for.
        var directory = _platform.App.Services.GetRequiredService<AlarmDirectory>();
        await Eventually.ReturnsAsync(() => Tick(() => directory.EscalationDelay(1, "depot")), d => d == TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), "the escalator re-read the registry");
        var id = await SeedAsync();

        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        var early = await _platform.App.Services.GetRequiredService<AlarmEscalator>().EscalateDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var first = await LevelAsync(id, 1);
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = await LevelAsync(id, 2);

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero, "not before the site's delay");
            Assert.That(first, Does.Contain("operator on duty").And.Contain(operatorEmail).And.Not.Contain(ConfiguredOps));
            Assert.That(second, Does.Contain("QA manager").And.Contain("qa-lead@test.coldchain.local"));
        });
    }

    /// <summary>Lets the escalator's loop run one check (its interval on the fake clock), then probes.</summary>
    private Task<T> Tick<T>(Func<T> probe)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return Task.FromResult(probe());
    }

    private async Task<T> TickAsync<T>(Func<Task<T>> probe)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return await probe();
    }

    /// <summary>Waits for the background escalator to reach <paramref name="level"/>; the detail of that step.</summary>
    private async Task<string> LevelAsync(Guid id, int level)
    {
        var reached = await Eventually.ReturnsAsync(
            () => TickAsync(() => _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Set<Alarm>().AsNoTracking().Where(a => a.Id == id).Select(a => a.EscalationLevel).SingleAsync())),
            l => l >= level, TimeSpan.FromSeconds(30), $"escalation to level {level}");
        Assert.That(reached, Is.EqualTo(level));
        return await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Set<AlarmHistoryEntry>().AsNoTracking()
            .Where(h => h.AlarmId == id && h.Kind == AlarmHistoryKind.Escalated).OrderByDescending(h => h.Id).Select(h => h.Detail).FirstAsync());
    }

    private Task<Guid> SeedAsync() => _platform.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<PlatformDbContext>();
        var now = _time.GetUtcNow().UtcDateTime;
        var alarm = new Alarm
        {
            Id = Guid.CreateVersion7(), Site = "depot", Gateway = "gw-h", Asset = "room-h", Source = "room-h-t1", Condition = "above_range", Severity = "critical",
            State = AlarmState.Raised, StartedAt = now, RaisedAt = now, Reason = "9.0 °C against 2…8 °C", EscalatedAt = now,
        };
        db.Set<Alarm>().Add(alarm);
        await db.SaveChangesAsync();
        return alarm.Id;
    });
}
