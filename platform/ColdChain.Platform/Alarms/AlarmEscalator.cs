using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// Moves an unacknowledged critical alarm one step up its site's escalation policy (driver → operator on duty → QA
/// manager) each time the step's delay passes without an acknowledgement, while its condition lasts. Every step is
/// recorded and notified; an acknowledgement (or the condition ending) stops it. A policy changed by an admin applies
/// from the next tick.
/// </summary>
public sealed partial class AlarmEscalator(
    IServiceScopeFactory scopes,
    IOptions<AlarmOptions> options,
    AlarmDirectory directory,
    DeliveryQueue queue,
    LivePush live,
    AlarmMetrics metrics,
    TimeProvider time,
    ILogger<AlarmEscalator> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        DateTimeOffset? refreshedAt = null;
        try
        {
            do
            {
                try
                {
                    var now = time.GetUtcNow();
                    if (refreshedAt is null || directory.TakeRefreshRequest() || now - refreshedAt >= settings.RegistryRefresh)
                    {
                        await directory.RefreshAsync(stoppingToken);
                        refreshedAt = now;
                    }

                    await EscalateDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(e.Message);
                }
            }
            while (await time.NextTickAsync(settings.CheckInterval, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Takes every step that is due, once: calls are serialized.</summary>
    public async Task<int> EscalateDueAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await EscalateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private async Task<int> EscalateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<(Guid Id, DateTime DueBefore)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // Each site has its own delays: read what could be due by the shortest, keep what is due by its site's.
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var candidates = await Due(db, (now - directory.ShortestEscalationDelay).UtcDateTime)
                .OrderBy(a => a.EscalatedAt).Select(a => new { a.Id, a.Site, a.EscalationLevel, a.EscalatedAt }).ToListAsync(cancellationToken);
            due = [.. candidates
                .Select(a => (a.Id, a.EscalatedAt, DueBefore: (now - directory.EscalationDelay(a.EscalationLevel + 1, a.Site)).UtcDateTime))
                .Where(a => a.EscalatedAt <= a.DueBefore)
                .Select(a => (a.Id, a.DueBefore))
                .Take(100)];
        }

        var taken = 0;
        foreach (var (id, dueBefore) in due)
        {
            if (await StepAsync(id, dueBefore, now, cancellationToken) is { } alarm)
            {
                taken++;
                metrics.Escalated();
                live.Alarm(AlarmItem.From(alarm));
                LogEscalated(alarm.Id, alarm.EscalationLevel);
            }
        }

        if (taken > 0)
        {
            queue.Wake();
        }

        return taken;
    }

    /// <summary>
    /// One step for one alarm, saved on its own: if an acknowledgement (or the clear) was saved since the row was read,
    /// the version no longer matches, nothing of this step is stored, and the alarm is left to the winner.
    /// </summary>
    internal async Task<Alarm?> StepAsync(Guid id, DateTime dueBefore, DateTimeOffset now, CancellationToken cancellationToken, Func<Task>? beforeSave = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        if (await Due(db, dueBefore).SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } alarm)
        {
            return null;
        }

        alarm.EscalationLevel++;
        alarm.EscalatedAt = now.UtcDateTime;
        alarm.Touch();
        var level = AlarmDirectory.LevelName(alarm.EscalationLevel);
        var recipients = directory.Recipients(alarm.EscalationLevel, alarm.Site, alarm.Asset);
        var notice = AlarmLedger.Notice(alarm, $"escalated to the {level} (not acknowledged within {directory.EscalationDelay(alarm.EscalationLevel, alarm.Site)})", now, alarm.Peak);
        AlarmLedger.History(db, alarm.Id, now, AlarmHistoryKind.Escalated,
            $"level {alarm.EscalationLevel}, {level}: " + (recipients.Count > 0 ? string.Join(", ", recipients) : $"nobody is designated for site {alarm.Site}"));
        queue.Email(db, alarm.Id, notice, recipients);
        queue.Webhook(db, alarm.Id, notice);
        if (beforeSave is not null)
        {
            await beforeSave();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return alarm;
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLostRace(alarm.Id);
            return null;
        }
    }

    private static IQueryable<Alarm> Due(PlatformDbContext db, DateTime dueBefore) =>
        db.Set<Alarm>().Where(a => a.AcknowledgedAt == null && a.EndedAt == null && a.Severity == "critical" && a.EscalationLevel < AlarmDirectory.TopLevel && a.EscalatedAt <= dueBefore);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {AlarmId} changed (acknowledged or cleared) while it was being escalated: the step is dropped")]
    private partial void LogLostRace(Guid alarmId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {AlarmId} not acknowledged in time: escalated to level {Level}")]
    private partial void LogEscalated(Guid alarmId, int level);

    [LoggerMessage(Level = LogLevel.Error, Message = "Escalation check failed: {Error}")]
    private partial void LogFailed(string error);
}
