using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Ingest.Tests.Consuming;

/// <summary>A gateway stand-in: publishes at QoS 1 and waits for the broker's PUBACK.</summary>
internal sealed class Publisher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public static async Task<Publisher> ConnectAsync(int port)
    {
        var publisher = new Publisher();
        await publisher._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"test-gateway-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build());
        return publisher;
    }

    public Task PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    public Task PublishAsync(TelemetryBatch batch, string? topicGateway = null) =>
        PublishAsync(ColdChainTopics.Telemetry(batch.Site, topicGateway ?? batch.Gateway), ProtocolCodec.Encode(batch));

    public Task PublishAsync(EventBatch batch) => PublishAsync(ColdChainTopics.Events(batch.Site, batch.Gateway), ProtocolCodec.Encode(batch));

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
