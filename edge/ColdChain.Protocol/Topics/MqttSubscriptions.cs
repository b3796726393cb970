using MQTTnet;

namespace ColdChain.Protocol.Topics;

/// <summary>Subscribing and unsubscribing a set of topic filters the way the platform's MQTT clients need it.</summary>
public static class MqttSubscriptions
{
    /// <summary>Subscribes every filter at QoS 1 in one packet; throws, naming the filter, when the broker refuses one.</summary>
    public static async Task SubscribeAsync(IMqttClient client, IEnumerable<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(filters);
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder.WithTopicFilter(f => f.WithTopic(filter).WithAtLeastOnceQoS());
        }

        var subscribed = await client.SubscribeAsync(builder.Build(), cancellationToken);
        if (subscribed.Items.FirstOrDefault(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) is { } refused)
        {
            throw new InvalidOperationException($"the broker refused the subscription '{refused.TopicFilter.Topic}': {refused.ResultCode}");
        }
    }

    /// <summary>Unsubscribes every filter in one packet; "no subscription existed" is the usual answer, and fine.</summary>
    public static async Task UnsubscribeAsync(IMqttClient client, IEnumerable<string> filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(filters);
        var builder = new MqttClientUnsubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder.WithTopicFilter(filter);
        }

        await client.UnsubscribeAsync(builder.Build(), cancellationToken);
    }
}
