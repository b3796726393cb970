using System.Text;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Topics;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>The cab: a <c>CabAlert</c> published at QoS 1 to the gateway's <c>alerts</c> topic over the alarm monitor's session.</summary>
public sealed class CabChannel(AlarmMonitor monitor)
{
    public const string Name = "cab";

    public async Task<DeliveryResult> SendAsync(string payload, CancellationToken cancellationToken)
    {
        var alert = ProtocolCodec.DecodeAlert(Encoding.UTF8.GetBytes(payload));
        var topic = ColdChainTopics.Alerts(alert.Site, alert.Gateway);
        var error = await monitor.PublishAsync(topic, Encoding.UTF8.GetBytes(payload), cancellationToken);
        return error is null
            ? new DeliveryResult(Name, Delivered: true, Attempts: 1, $"published to {topic}")
            : new DeliveryResult(Name, Delivered: false, Attempts: 1, error);
    }
}
