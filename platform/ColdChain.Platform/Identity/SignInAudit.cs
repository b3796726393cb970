using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Every login, success or failure, goes to the audit trail. Repeated failures are a security alert (Part 11 §11.300),
/// recorded and sent to the admins at once (<see cref="SecurityAlerts"/>): when an account locks, and when one source
/// address fails as often as a lock needs within the lock's duration whatever the accounts (unknown e-mails included,
/// which never lock).
/// </summary>
public sealed partial class SignInAudit(
    PlatformDbContext db, AuditTrail audit, SecurityAlerts alerts, IOptions<SecurityOptions> security, TimeProvider time, ILogger<SignInAudit> logger)
{
    public const string SecurityAlertAction = "security.alert";
    public const string FailureAction = "login.failure";

    public Task SucceededAsync(AuditActor actor, string userId, CancellationToken cancellationToken) =>
        audit.RecordAsync(db, actor, "login.success", "user", userId, cancellationToken: cancellationToken);

    public async Task FailedAsync(AuditActor actor, string email, string? userId, bool lockedOut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        // The attempted name is recorded; the password never is.
        await audit.RecordAsync(db, actor, FailureAction, "user", userId ?? email, reason: lockedOut ? "locked out" : "wrong user name or password", cancellationToken: cancellationToken);
        var source = actor.SourceAddress ?? "an unknown address";
        if (lockedOut)
        {
            LogLockout(email, source);
            await AlertAsync(userId ?? email, email, "account locked", $"repeated failed logins for '{email}' from {source}: account locked for {security.Value.LockoutDuration}", cancellationToken);
            return;
        }

        var threshold = security.Value.LockoutAfterFailures;
        var since = AuditChain.Truncate(time.GetUtcNow() - security.Value.LockoutDuration);
        var fromSource = await db.AuditEntries.AsNoTracking()
            .CountAsync(a => a.Action == FailureAction && a.SourceAddress == actor.SourceAddress && a.Time >= since, cancellationToken);
        if (fromSource % threshold == 0)
        {
            LogSourceAlert(fromSource, source);
            await AlertAsync(source, $"address {source}", "detected",
                $"{fromSource} failed logins from {source} within {security.Value.LockoutDuration}, the last for '{email}'", cancellationToken);
        }
    }

    private async Task AlertAsync(string entityId, string account, string what, string reason, CancellationToken cancellationToken)
    {
        var notice = SecurityAlerts.Notice(account, what, reason, time.GetUtcNow());
        await audit.RecordAsync(db, AuditActor.System, SecurityAlertAction, "user", entityId, newValues: new { AlertId = notice.AlarmId }, reason: reason, cancellationToken: cancellationToken);
        alerts.Raise(notice);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SECURITY ALERT: account {Email} locked after repeated failed logins from {Source}")]
    private partial void LogLockout(string email, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SECURITY ALERT: {Count} failed logins from {Source}")]
    private partial void LogSourceAlert(int count, string source);
}
