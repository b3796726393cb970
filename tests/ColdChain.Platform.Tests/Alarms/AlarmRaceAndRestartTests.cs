using System.Net;
using ColdChain.Ingest.Alarms;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Alarms;

/// <summary>
/// Escalation and acknowledgement racing for one alarm row, and the backlog summary across a restart, on both
/// databases. The races are provoked deterministically: one writer saves between the other's read and its save.
/// </summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(120_000)]
public sealed class AlarmRaceAndRestartTests(Database database)
{
    private TestPlatform _platform = null!;
    private Caller _operator = null!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _platform = await TestPlatform.StartAsync(database,
            "--Alarms:AcknowledgeWithin=00:10:00",
            "--Notifications:Email:MaxAttempts=1",
            "--Notifications:Email:Port=9",
            "--Registry:Assets:0:Id=truck-r", "--Registry:Assets:0:Name=Truck R", "--Registry:Assets:0:Kind=Truck", "--Registry:Assets:0:Site=fleet");
        _operator = await _platform.SignInAsNewAsync(Roles.Operator);
        await _platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            var site = await db.Sites.SingleAsync(x => x.Id == "fleet");
            site.AlarmContacts = ["dispatch@test.coldchain.local", "night@test.coldchain.local", "qa@test.coldchain.local"];
            return await db.SaveChangesAsync();
        });
        await _platform.App.Services.GetRequiredService<AlarmDirectory>().RefreshAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task Two_writers_of_the_same_alarm_version_cannot_both_save()
    {
        var id = await SeedAsync();
        await using var first = _platform.App.Services.CreateAsyncScope();
        await using var second = _platform.App.Services.CreateAsyncScope();
        var a = await first.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<Alarm>().SingleAsync(x => x.Id == id);
        var b = await second.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<Alarm>().SingleAsync(x => x.Id == id);

        a.EscalationLevel = 1;
        a.Touch();
        await first.ServiceProvider.GetRequiredService<PlatformDbContext>().SaveChangesAsync();
        b.AcknowledgedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        b.Touch();

        Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.ServiceProvider.GetRequiredService<PlatformDbContext>().SaveChangesAsync());
    }

    [Test]
    public async Task An_acknowledgement_saved_while_an_escalation_step_is_being_taken_wins_and_the_step_is_dropped()
    {
        var id = await SeedAsync();
        var escalator = _platform.App.Services.GetRequiredService<AlarmEscalator>();
        HttpStatusCode? ackStatus = null;

        var stepped = await escalator.StepAsync(id, DueNow, TimeProvider.System.GetUtcNow(), CancellationToken.None, beforeSave: async () =>
        {
            using var ack = await _platform.SendAsync(_operator, HttpMethod.Post, $"/api/alarms/{id}/ack", new { comment = "on it" });
            ackStatus = ack.StatusCode;
        });

        var (alarm, history) = await LoadAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(ackStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stepped, Is.Null, "the escalation lost the race");
            Assert.That(alarm.AcknowledgedAt, Is.Not.Null);
            Assert.That(alarm.EscalationLevel, Is.Zero);
            Assert.That(history, Does.Not.Contain(AlarmHistoryKind.Escalated));
            Assert.That(history.Count(h => h == AlarmHistoryKind.Acknowledged), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_escalation_saved_while_an_acknowledgement_is_being_taken_is_kept_and_the_acknowledgement_applies_on_top()
    {
        var id = await SeedAsync();
        var escalator = _platform.App.Services.GetRequiredService<AlarmEscalator>();
        var acknowledgement = _platform.App.Services.GetRequiredService<AlarmAcknowledgement>();
        Alarm? stepped = null;

        var (result, _) = await _platform.InScopeAsync(s => acknowledgement.AcknowledgeAsync(
            s.GetRequiredService<PlatformDbContext>(), id, "op-1", "Operator One", "called the driver", AuditActor.System, silenceCab: true, CancellationToken.None,
            beforeSave: async () => stepped = await escalator.StepAsync(id, DueNow, TimeProvider.System.GetUtcNow(), CancellationToken.None)));

        var (alarm, history) = await LoadAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(stepped, Is.Not.Null, "the escalation step was saved first");
            Assert.That(result, Is.EqualTo(AlarmAcknowledgement.Result.Acknowledged), "then the acknowledgement read the alarm again");
            Assert.That(alarm.EscalationLevel, Is.EqualTo(1), "neither overwrote the other");
            Assert.That(alarm.AcknowledgedBy, Is.EqualTo("op-1"));
            Assert.That(history.Count(h => h == AlarmHistoryKind.Acknowledged), Is.EqualTo(1));
            Assert.That(history.Count(h => h == AlarmHistoryKind.Escalated), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_backlog_summary_waits_in_the_database_so_a_restart_neither_loses_nor_repeats_it()
    {
        var gateway = $"gw-{Guid.NewGuid():N}"[..16];
        var services = _platform.App.Services;
        var beforeRestart = ActivatorUtilities.CreateInstance<AlarmLedger>(services);
        var t0 = TimeProvider.System.GetUtcNow().AddHours(-3);
        await beforeRestart.ApplyAsync(
        [
            Late(gateway, AlarmTransitionKind.Raised, t0, t0),
            Late(gateway, AlarmTransitionKind.Cleared, t0.AddMinutes(5), t0),
        ], CancellationToken.None);
        await beforeRestart.FlushBacklogsAsync(TimeSpan.FromHours(1), CancellationToken.None); // not quiet long enough: nothing yet

        // The platform "restarts": a new ledger with nothing in memory.
        var afterRestart = ActivatorUtilities.CreateInstance<AlarmLedger>(services);
        var waiting = await CountAsync<BacklogEntry>(b => b.Gateway == gateway);
        await afterRestart.FlushBacklogsAsync(TimeSpan.Zero, CancellationToken.None);
        await afterRestart.FlushBacklogsAsync(TimeSpan.Zero, CancellationToken.None);
        await ActivatorUtilities.CreateInstance<AlarmLedger>(services).FlushBacklogsAsync(TimeSpan.Zero, CancellationToken.None);

        var summaries = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Set<NotificationDelivery>().AsNoTracking()
            .Where(d => d.AlarmId == null && d.Channel == "email" && d.Payload.Contains(gateway)).ToListAsync());
        var left = await CountAsync<BacklogEntry>(b => b.Gateway == gateway);
        Assert.Multiple(() =>
        {
            Assert.That(waiting, Is.EqualTo(2), "both late changes wait as rows");
            Assert.That(summaries, Has.Count.EqualTo(1), "one summary after the restart, not none and not two");
            Assert.That(summaries[0].Payload, Does.Contain("2 alarm changes"));
            Assert.That(left, Is.Zero);
        });
    }

    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    /// <summary>"Due before" a minute from now: a freshly seeded alarm is due for its step.</summary>
    private static DateTime DueNow => Now.AddMinutes(1);

    private static SourcedTransition Late(string gateway, AlarmTransitionKind kind, DateTimeOffset at, DateTimeOffset since) =>
        new("fleet", gateway, "truck-r", new AlarmTransition("truck-r-t1", AlarmCondition.AboveRange, AlarmSeverity.Critical, kind, at, since, 9, 9.5, Late: true, "9.0 °C against 2…8 °C"));

    private Task<int> CountAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>> where)
        where T : class =>
        _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Set<T>().CountAsync(where));

    private Task<(Alarm Alarm, List<AlarmHistoryKind> History)> LoadAsync(Guid id) => _platform.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<PlatformDbContext>();
        var alarm = await db.Set<Alarm>().AsNoTracking().SingleAsync(a => a.Id == id);
        var history = await db.Set<AlarmHistoryEntry>().AsNoTracking().Where(h => h.AlarmId == id).OrderBy(h => h.Id).Select(h => h.Kind).ToListAsync();
        return (alarm, history);
    });

    /// <summary>A critical alarm on truck-r, unacknowledged; due for a step only by <see cref="DueNow"/>.</summary>
    private Task<Guid> SeedAsync() => _platform.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<PlatformDbContext>();
        var alarm = new Alarm
        {
            Id = Guid.CreateVersion7(),
            Site = "fleet",
            Gateway = "gw-r",
            Asset = "truck-r",
            Source = "truck-r-t1",
            Condition = "above_range",
            Severity = "critical",
            State = AlarmState.Raised,
            StartedAt = Now.AddHours(-2),
            RaisedAt = Now.AddHours(-2),
            Reason = "9.0 °C against 2…8 °C",
            EscalatedAt = Now, // not due for the background escalator (10 min); the tests step it themselves
        };
        db.Set<Alarm>().Add(alarm);
        await db.SaveChangesAsync();
        return alarm.Id;
    });
}
