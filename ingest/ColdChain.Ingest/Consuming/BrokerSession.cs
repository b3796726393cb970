using ColdChain.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;

namespace ColdChain.Ingest.Consuming;

/// <summary>The MQTT 5 connect and subscribe options ingest uses, built in one place from <see cref="IngestOptions"/>.</summary>
internal static class BrokerSession
{
    /// <summary>The kinds of message ingest stores: telemetry batches, gateway events (doors, power) and gateway status.</summary>
    public static readonly TopicKind[] Subscribed = [TopicKind.Telemetry, TopicKind.Events, TopicKind.Status];

    public static MqttClientOptions ConnectOptions(IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Broker.Host, options.Broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(options.EffectiveClientId)

            // A persistent session: what the broker sent and we did not acknowledge (and what arrives while we are
            // away) is delivered again when this client id comes back.
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)Math.Min(options.SessionExpiry.TotalSeconds, uint.MaxValue))
            .WithReceiveMaximum((ushort)options.ReceiveMaximum)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (!string.IsNullOrEmpty(options.Broker.Username))
        {
            builder.WithCredentials(options.Broker.Username, options.Broker.Password);
        }

        if (options.Broker.UseTls)
        {
            builder.WithTlsOptions(tls => tls.UseTls());
        }

        var built = builder.Build();
        ((MqttClientTcpOptions)built.ChannelOptions).BufferSize = MqttSocket.BufferBytes;
        return built;
    }

    /// <summary>
    /// The gateways' topics and, last, the ingest probe, all in one SUBSCRIBE packet: the broker takes them in together
    /// (mosquitto is single-threaded), so a probe it delivers (what the alarm monitor waits for, see
    /// <see cref="IngestGate"/>) means the others are live too.
    /// </summary>
    public static IReadOnlyList<string> TopicFilters(IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UseSharedSubscription
            ? [.. Subscribed.Select(kind => ColdChainTopics.Shared(options.ShareGroup, kind)), ColdChainTopics.SharedIngestProbe(options.ShareGroup)]
            : [.. Subscribed.Select(ColdChainTopics.AllOf), ColdChainTopics.IngestProbe];
    }

    public static MqttClientSubscribeOptions SubscribeOptions(IReadOnlyList<string> filters)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            builder.WithTopicFilter(f => f.WithTopic(filter).WithAtLeastOnceQoS());
        }

        return builder.Build();
    }
}
