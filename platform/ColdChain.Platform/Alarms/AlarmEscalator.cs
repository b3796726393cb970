using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// Moves an unacknowledged critical alarm one step up the chain (driver → operator on duty → QA manager) each time
/// <see cref="AlarmOptions.AcknowledgeWithin"/> passes without an acknowledgement, while its condition lasts. Every
/// step is recorded and notified; an acknowledgement (or the condition ending) stops it.
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
                    if (refreshedAt is null || now - refreshedAt >= settings.RegistryRefresh)
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
        var settings = options.Value;
        var now = time.GetUtcNow();
        var dueBefore = (now - settings.AcknowledgeWithin).UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var due = await db.Set<Alarm>()
            .Where(a => a.AcknowledgedAt == null && a.EndedAt == null && a.Severity == "critical" && a.EscalationLevel < AlarmDirectory.TopLevel && a.EscalatedAt <= dueBefore)
            .OrderBy(a => a.EscalatedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        foreach (var alarm in due)
        {
            alarm.EscalationLevel++;
            alarm.EscalatedAt = now.UtcDateTime;
            var level = AlarmDirectory.LevelName(alarm.EscalationLevel);
            var recipients = directory.Recipients(alarm.EscalationLevel, alarm.Site, alarm.Asset);
            var notice = AlarmLedger.Notice(alarm, $"escalated to the {level} (not acknowledged within {settings.AcknowledgeWithin})", now, alarm.Peak);
            AlarmLedger.History(db, alarm.Id, now, AlarmHistoryKind.Escalated,
                $"level {alarm.EscalationLevel}, {level}: " + (recipients.Count > 0 ? string.Join(", ", recipients) : $"nobody is designated for site {alarm.Site}"));
            queue.Email(db, alarm.Id, notice, recipients);
            queue.Webhook(db, alarm.Id, notice);
            metrics.Escalated();
        }

        if (due.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            queue.Wake();
            foreach (var alarm in due)
            {
                live.Alarm(AlarmItem.From(alarm));
                LogEscalated(alarm.Id, alarm.EscalationLevel);
            }
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {AlarmId} not acknowledged in time: escalated to level {Level}")]
    private partial void LogEscalated(Guid alarmId, int level);

    [LoggerMessage(Level = LogLevel.Error, Message = "Escalation check failed: {Error}")]
    private partial void LogFailed(string error);
}
