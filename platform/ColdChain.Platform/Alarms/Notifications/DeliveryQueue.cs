using System.Text;
using System.Text.Json;
using ColdChain.Platform.Data;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Codec;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// The one notification queue: adds deliveries to the context of the change that causes them (an alarm, a breached
/// handover, a shipment's budget used up), so both are saved in one transaction; call <see cref="Wake"/> after saving.
/// <see cref="DeliveryWorker"/> sends them, retries failures and records every attempt.
/// </summary>
public sealed class DeliveryQueue(IOptionsMonitor<WebhookOptions> webhooks, TimeProvider time, DeliverySignal signal)
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

        Add(db, alarm.Id, CabChannel.Name, $"{alarm.Site}/{alarm.Gateway}", CabPayload(alarm.Site, alarm.Gateway, alarm.Id.ToString(), action, alarm.Asset, message));
    }

    /// <summary>A cab alert about something other than an alarm (<paramref name="topic"/>, <paramref name="reference"/>), raised on the gateway of <paramref name="asset"/>.</summary>
    public void Cab(PlatformDbContext db, string topic, string reference, string site, string gateway, string asset, string alertId, string message) =>
        Add(db, null, CabChannel.Name, $"{site}/{gateway}", CabPayload(site, gateway, alertId, CabAlertAction.Raise, asset, message), topic, reference);

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
        if (webhooks.CurrentValue.Url is not { } url)
        {
            return;
        }

        Add(db, alarmId, WebhookChannel.Name, url.ToString(), JsonSerializer.Serialize(notice, JsonSerializerOptions.Web));
    }

    /// <summary>An e-mail about something other than an alarm (<paramref name="topic"/>, <paramref name="reference"/>).</summary>
    /// <returns>False when there is nobody to send it to.</returns>
    public bool Email(PlatformDbContext db, string topic, string reference, MailNotice notice, IReadOnlyCollection<string> recipients)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return false;
        }

        Add(db, null, EmailChannel.Name, string.Join(',', recipients), JsonSerializer.Serialize(notice, JsonSerializerOptions.Web), topic, reference);
        return true;
    }

    /// <summary>
    /// A webhook to the named <paramref name="endpoint"/> (a <see cref="WebhookOptions"/> of that name), posting
    /// <paramref name="document"/> as JSON.
    /// </summary>
    /// <returns>False when the endpoint has no URL configured.</returns>
    public bool Webhook<T>(PlatformDbContext db, string topic, string reference, string endpoint, T document)
    {
        if (webhooks.Get(endpoint).Url is not { } url)
        {
            return false;
        }

        Add(db, null, WebhookChannel.Name, url.ToString(), JsonSerializer.Serialize(document, JsonSerializerOptions.Web), topic, reference, endpoint);
        return true;
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

    private string CabPayload(string site, string gateway, string alertId, CabAlertAction action, string asset, string message) =>
        Encoding.UTF8.GetString(ProtocolCodec.Encode(new CabAlert
        {
            Site = site,
            Gateway = gateway,
            AlertId = alertId,
            Action = action,
            Time = time.GetUtcNow(),
            Asset = asset,
            Message = message,
        }));

    private void Add(PlatformDbContext db, Guid? alarmId, string channel, string target, string payload,
        string topic = NotificationDelivery.AlarmTopic, string? reference = null, string? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = time.GetUtcNow().UtcDateTime;
        db.Set<NotificationDelivery>().Add(new NotificationDelivery
        {
            Id = Guid.CreateVersion7(),
            AlarmId = alarmId,
            Topic = topic,
            Reference = reference,
            Endpoint = endpoint,
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
