using ColdChain.Platform.Alarms;
using ColdChain.Protocol.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ColdChain.Platform.Live;

/// <summary>
/// Sends to the hub's groups without waiting for slow browsers: evaluation never stalls on a web client. A message a
/// browser misses is not retried; the page reloads the state through the API when it reconnects.
/// </summary>
public sealed partial class LivePush(IHubContext<LiveHub> hub, ILogger<LivePush> logger)
{
    public void Reading(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var message = new LiveReading(reading.Asset, reading.Sensor, reading.Quantity.WireName(), reading.Value, reading.Unit, reading.Status.WireName(), reading.Time);
        Observe(hub.Clients.Group(LiveHub.AssetGroup(reading.Asset)).SendAsync("reading", message));
    }

    public void Alarm(AlarmItem alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        Observe(hub.Clients.Group(LiveHub.AssetGroup(alarm.Asset)).SendAsync("alarm", alarm));
    }

    public void Gateway(LiveGateway gateway, IEnumerable<string> assets)
    {
        var groups = assets.Select(LiveHub.AssetGroup).ToList();
        if (groups.Count > 0)
        {
            Observe(hub.Clients.Groups(groups).SendAsync("gateway", gateway));
        }
    }

    private void Observe(Task send)
    {
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        send.ContinueWith(t => LogPushFailed(t.Exception?.GetBaseException().Message ?? "cancelled"), CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A live push failed: {Error}")]
    private partial void LogPushFailed(string error);
}
