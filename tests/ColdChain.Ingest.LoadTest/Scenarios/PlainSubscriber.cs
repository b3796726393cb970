using ColdChain.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// A stand-in for the platform's alarm monitor: a persistent session with a plain subscription to all telemetry, which
/// mosquitto restores after a restart. It never reconnects; it only has to exist at the broker.
/// </summary>
internal sealed class PlainSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private PlainSubscriber(IMqttClient client) => _client = client;

    public static async Task<PlainSubscriber> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(
            new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port)
                .WithClientId($"loadtest-alarm-monitor-{Guid.NewGuid():N}")
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(false)
                .WithSessionExpiryInterval(3600)
                .Build(),
            cancellationToken);
        await client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(ColdChainTopics.AllOf(TopicKind.Telemetry)).WithAtLeastOnceQoS()).Build(),
            cancellationToken);
        return new PlainSubscriber(client);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
