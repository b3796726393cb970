using System.Threading.Channels;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.AspNetCore.Identity;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Part 11 §11.300: attempts at unauthorised use are reported at once — an alert to every enabled admin through the
/// alarm notification channels (e-mail, webhook), not only a log line. Raising never waits for delivery (a login
/// request must not hang on SMTP retries); <see cref="SecurityAlertSender"/> delivers in the background and records
/// the outcome in the audit trail.
/// </summary>
public sealed class SecurityAlerts
{
    private readonly Channel<AlarmNotice> _queue = Channel.CreateUnbounded<AlarmNotice>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<AlarmNotice> Pending => _queue.Reader;

    public static AlarmNotice Notice(string account, string what, string reason, DateTimeOffset at) =>
        new(Guid.NewGuid(), Site: "platform", Asset: account, Sensor: "-", Condition: "repeated_failed_logins", Severity: "security",
            Transition: what, At: at, Value: null, Reason: reason, Late: false);

    public void Raise(AlarmNotice notice) => _queue.Writer.TryWrite(notice);
}

public sealed partial class SecurityAlertSender(SecurityAlerts alerts, IServiceScopeFactory scopes, ILogger<SecurityAlertSender> logger) : BackgroundService
{
    public const string DeliveryAction = "security.alert-delivery";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notice in alerts.Pending.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DeliverAsync(notice, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A broken channel must not stop the next alert.
                LogFailed(notice.AlarmId, e.Message);
            }
        }
    }

    private async Task DeliverAsync(AlarmNotice notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var admins = await services.GetRequiredService<UserManager<PlatformUser>>().GetUsersInRoleAsync(Roles.Admin);
        var recipients = admins.Where(a => !a.IsDisabled && !string.IsNullOrEmpty(a.Email)).Select(a => a.Email!).Order(StringComparer.Ordinal).ToArray();
        var email = await services.GetRequiredService<EmailChannel>().SendAsync(notice, recipients, cancellationToken);
        var webhook = await services.GetRequiredService<WebhookChannel>().SendAsync(notice, cancellationToken);
        var db = services.GetRequiredService<PlatformDbContext>();
        await services.GetRequiredService<AuditTrail>().RecordAsync(db, AuditActor.System, DeliveryAction, "security-alert", notice.AlarmId.ToString(),
            newValues: new { notice.Subject, Recipients = recipients, Results = new[] { email, webhook } },
            reason: email.Delivered || webhook.Delivered ? "delivered" : "NOT delivered on any channel", cancellationToken: cancellationToken);
        LogDelivered(notice.AlarmId, email.Detail, webhook.Detail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Security alert {AlertId}: e-mail {Email}; webhook {Webhook}")]
    private partial void LogDelivered(Guid alertId, string email, string webhook);

    [LoggerMessage(Level = LogLevel.Error, Message = "Security alert {AlertId} could not be delivered: {Reason}")]
    private partial void LogFailed(Guid alertId, string reason);
}
