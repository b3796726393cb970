using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Live;
using ColdChain.Protocol.Alerts;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// Acknowledges an alarm, from the web or API or from the cab's button: who, when and the comment on the alarm, a
/// history row and an audit entry, saved together. The alarm's version guards the row: if an escalation step (or the
/// clear) is saved between reading and writing, the acknowledgement reads the alarm again and is applied to the
/// current row, so neither change overwrites the other.
/// </summary>
public sealed class AlarmAcknowledgement(AuditTrail audit, DeliveryQueue queue, LivePush live, TimeProvider time)
{
    private const int MaxAttempts = 5;

    public enum Result
    {
        Acknowledged,
        AlreadyAcknowledged,
        NotFound,
    }

    /// <param name="silenceCab">Sends the cab a clear: false when the acknowledgement came from the cab itself.</param>
    public async Task<(Result Result, Alarm? Alarm)> AcknowledgeAsync(
        PlatformDbContext db, Guid id, string userId, string userName, string comment, AuditActor actor, bool silenceCab, CancellationToken cancellationToken, Func<Task>? beforeSave = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        for (var attempt = 1; ; attempt++)
        {
            if (await db.Set<Alarm>().FindAsync([id], cancellationToken) is not { } alarm)
            {
                return (Result.NotFound, null);
            }

            if (alarm.AcknowledgedAt is not null)
            {
                return (Result.AlreadyAcknowledged, alarm);
            }

            var before = new { alarm.State, alarm.AcknowledgedBy, alarm.AcknowledgedAt, alarm.EscalationLevel };
            var now = time.GetUtcNow();
            alarm.AcknowledgedBy = userId;
            alarm.AcknowledgedByName = userName;
            alarm.AcknowledgedAt = now.UtcDateTime;
            alarm.AcknowledgementComment = comment;
            alarm.Touch();
            if (alarm.State == AlarmState.Raised)
            {
                alarm.State = AlarmState.Acknowledged;
            }

            AlarmLedger.History(db, alarm.Id, now, AlarmHistoryKind.Acknowledged, comment, userName);
            if (silenceCab && alarm.EndedAt is null && !alarm.Late)
            {
                // Someone is on it: the cab stops sounding.
                queue.Cab(db, alarm, CabAlertAction.Clear, $"{alarm.Asset}: acknowledged by {userName}");
            }

            if (beforeSave is not null)
            {
                await beforeSave();
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                // The alarm first, on its own: a version conflict must not be mistaken for the audit chain's sequence race.
                await db.SaveChangesAsync(cancellationToken);
                await audit.RecordAsync(db, actor, "alarm.acknowledge", "alarm", alarm.Id.ToString(), before,
                    new { alarm.State, alarm.AcknowledgedBy, alarm.AcknowledgedAt, alarm.EscalationLevel }, comment, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Escalated or cleared meanwhile: read the alarm as it is now and acknowledge that.
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                beforeSave = null;
                continue;
            }

            await audit.WriteHeadAsync(db, cancellationToken);
            queue.Wake();
            live.Alarm(AlarmItem.From(alarm));
            return (Result.Acknowledged, alarm);
        }
    }
}
