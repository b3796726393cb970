using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Every login, success or failure, goes to the audit trail; a lockout is also a security alert (Part 11 §11.300).
/// Until the notification channels exist (alarms issue) the alert is an audit entry and a warning log line.
/// </summary>
public sealed partial class SignInAudit(PlatformDbContext db, AuditTrail audit, ILogger<SignInAudit> logger)
{
    public const string SecurityAlertAction = "security.alert";

    public Task SucceededAsync(AuditActor actor, string userId, CancellationToken cancellationToken) =>
        audit.RecordAsync(db, actor, "login.success", "user", userId, cancellationToken: cancellationToken);

    public async Task FailedAsync(AuditActor actor, string email, string? userId, bool lockedOut, CancellationToken cancellationToken)
    {
        // The attempted name is recorded; the password never is.
        await audit.RecordAsync(db, actor, "login.failure", "user", userId ?? email, reason: lockedOut ? "locked out" : "wrong user name or password", cancellationToken: cancellationToken);
        if (lockedOut)
        {
            LogLockout(email, actor.SourceAddress);
            await audit.RecordAsync(db, AuditActor.System, SecurityAlertAction, "user", userId ?? email,
                reason: $"repeated failed logins for '{email}' from {actor.SourceAddress ?? "an unknown address"}: account locked", cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SECURITY ALERT: account {Email} locked after repeated failed logins from {Source}")]
    private partial void LogLockout(string email, string? source);
}
