using System.Text;
using System.Text.Json;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// Works the delivery queue, one loop per channel so a slow or failing channel (an SMTP relay timing out) never holds
/// up another (the cab). One attempt per delivery per pass: every attempt is recorded (<see cref="NotificationAttempt"/>,
/// and in the alarm's history for an alarm); a failed one is retried with exponential backoff until
/// <see cref="AlarmOptions.MaxDeliveryAttempts"/>, then marked failed; a permanent refusal (4xx) is failed at once.
/// </summary>
public sealed partial class DeliveryWorker(
    IServiceScopeFactory scopes,
    DeliverySignal signal,
    IOptionsMonitor<WebhookOptions> webhooks,
    IOptions<AlarmOptions> options,
    AlarmMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(DeliverySignal.Channels.Select(channel => Task.Run(() => RunAsync(channel, stoppingToken), stoppingToken)));

    private async Task RunAsync(string channel, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverDueAsync(channel, stoppingToken) == 0)
                {
                    await signal.WaitAsync(channel, Poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLoopFailed(channel, e.Message);
                await Task.Delay(Poll, time, stoppingToken);
            }
        }
    }

    private async Task<int> DeliverDueAsync(string channel, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Set<NotificationDelivery>()
            .Where(d => d.State == DeliveryState.Pending && d.Channel == channel && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(20)
            .ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            DeliveryResult result;
            try
            {
                result = await SendAsync(scope.ServiceProvider, delivery, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = new DeliveryResult(channel, Delivered: false, Attempts: 1, e.Message);
            }

            Record(db, delivery, result);
            await db.SaveChangesAsync(cancellationToken);
        }

        return due.Count;
    }

    private Task<DeliveryResult> SendAsync(IServiceProvider services, NotificationDelivery delivery, CancellationToken cancellationToken) => delivery.Channel switch
    {
        CabChannel.Name => services.GetRequiredService<CabChannel>().SendAsync(delivery.Payload, cancellationToken),
        EmailChannel.Name => services.GetRequiredService<EmailChannel>().AttemptAsync(Mail(delivery), delivery.Target.Split(',', StringSplitOptions.RemoveEmptyEntries), cancellationToken),
        WebhookChannel.Name => services.GetRequiredService<WebhookChannel>().AttemptAsync(
            webhooks.Get(delivery.Endpoint ?? Options.DefaultName), Encoding.UTF8.GetBytes(delivery.Payload), delivery.Id.ToString(), cancellationToken),
        _ => Task.FromResult(new DeliveryResult(delivery.Channel, Delivered: false, Attempts: 0, "unknown channel", Permanent: true)),
    };

    private static MailNotice Mail(NotificationDelivery delivery) => delivery.Topic == NotificationDelivery.AlarmTopic
        ? MailNotice.From(JsonSerializer.Deserialize<AlarmNotice>(delivery.Payload, JsonSerializerOptions.Web) ?? throw new JsonException("empty notice"))
        : JsonSerializer.Deserialize<MailNotice>(delivery.Payload, JsonSerializerOptions.Web) ?? throw new JsonException("empty notice");

    private void Record(PlatformDbContext db, NotificationDelivery delivery, DeliveryResult result)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        delivery.Attempts++;
        string detail;
        AlarmHistoryKind kind;
        if (result.Delivered)
        {
            delivery.State = DeliveryState.Delivered;
            delivery.CompletedAt = now;
            delivery.LastError = null;
            kind = AlarmHistoryKind.Notified;
            detail = $"{delivery.Channel} to {delivery.Target}: {result.Detail}";
            metrics.Delivered(delivery.Channel);
        }
        else
        {
            delivery.LastError = Truncate(result.Detail);
            var final = result.Permanent || delivery.Attempts >= settings.MaxDeliveryAttempts;
            var wait = TimeSpan.FromTicks((long)Math.Min(settings.DeliveryRetryDelay.Ticks * Math.Pow(2, delivery.Attempts - 1), settings.MaxDeliveryRetryDelay.Ticks));
            delivery.State = final ? DeliveryState.Failed : DeliveryState.Pending;
            delivery.NextAttemptAt = now + wait;
            kind = AlarmHistoryKind.DeliveryFailed;
            detail = $"{delivery.Channel} to {delivery.Target}, attempt {delivery.Attempts}: {result.Detail}" + (final ? "; given up" : $"; retrying in {wait.TotalSeconds:0.#} s");
            metrics.DeliveryFailed(delivery.Channel);
            LogDeliveryFailed(delivery.Channel, delivery.Target, delivery.Attempts, result.Detail);
        }

        db.Set<NotificationAttempt>().Add(new NotificationAttempt
        {
            Id = Guid.CreateVersion7(),
            DeliveryId = delivery.Id,
            Number = delivery.Attempts,
            At = now,
            Delivered = result.Delivered,
            Detail = Truncate(result.Detail),
        });
        if (delivery.AlarmId is { } alarmId)
        {
            db.Set<AlarmHistoryEntry>().Add(new AlarmHistoryEntry { AlarmId = alarmId, At = now, Kind = kind, Actor = "system", Detail = Truncate(detail) });
        }
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..1999] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification via {Channel} to {Target} failed (attempt {Attempt}): {Error}")]
    private partial void LogDeliveryFailed(string channel, string target, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Channel} delivery loop failed and carries on: {Error}")]
    private partial void LogLoopFailed(string channel, string error);
}
