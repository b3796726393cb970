using System.Text;
using System.Text.Json;
using ColdChain.Platform.Data;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Codec;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// Adds deliveries to the context of the alarm change that causes them, so both are saved in one transaction; call
/// <see cref="Wake"/> after saving.
/// </summary>
public sealed class DeliveryQueue(IOptions<WebhookOptions> webhook, TimeProvider time, DeliverySignal signal)
{
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Cab(PlatformDbContext db, Alarm alarm, CabAlertAction action, string message)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(alarm);
        if (string.IsNullOrEmpty(alarm.Gateway))
        {
            return;
        }

        var alert = new CabAlert
        {
            Site = alarm.Site,
            Gateway = alarm.Gateway,
            AlertId = alarm.Id.ToString(),
            Action = action,
            Time = time.GetUtcNow(),
            Asset = alarm.Asset,
            Message = message,
        };
        Add(db, alarm.Id, CabChannel.Name, $"{alarm.Site}/{alarm.Gateway}", Encoding.UTF8.GetString(ProtocolCodec.Encode(alert)));
    }

    /// <returns>False when nobody is designated to receive it.</returns>
    public bool Email(PlatformDbContext db, Guid? alarmId, AlarmNotice notice, IReadOnlyCollection<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return false;
        }

        Add(db, alarmId, EmailChannel.Name, string.Join(',', recipients), JsonSerializer.Serialize(notice, JsonSerializerOptions.Web));
        return true;
    }

    public void Webhook(PlatformDbContext db, Guid? alarmId, AlarmNotice notice)
    {
        if (webhook.Value.Url is null)
        {
            return;
        }

        Add(db, alarmId, WebhookChannel.Name, webhook.Value.Url.ToString(), JsonSerializer.Serialize(notice, JsonSerializerOptions.Web));
    }

    /// <summary>Wakes the loops of the channels queued since the last call.</summary>
    public void Wake()
    {
        string[] channels;
        lock (_lock)
        {
            channels = [.. _queued];
            _queued.Clear();
        }

        foreach (var channel in channels)
        {
            signal.Wake(channel);
        }
    }

    private void Add(PlatformDbContext db, Guid? alarmId, string channel, string target, string payload)
    {
        var now = time.GetUtcNow().UtcDateTime;
        db.Set<NotificationDelivery>().Add(new NotificationDelivery
        {
            Id = Guid.CreateVersion7(),
            AlarmId = alarmId,
            Channel = channel,
            Target = target,
            Payload = payload,
            State = DeliveryState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        lock (_lock)
        {
            _queued.Add(channel);
        }
    }
}
