using System.Buffers;
using System.Collections.Concurrent;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ColdChain.Edge.Tests.Support;

/// <summary>One message as the broker delivered it.</summary>
public sealed record Delivered(string Topic, byte[] Payload, MqttQualityOfServiceLevel QoS, bool Retained)
{
    public TopicAddress Address => ColdChainTopics.Parse(Topic);
}

/// <summary>
/// A subscriber to everything under coldchain/v1 that records each delivery in order. Its session is persistent, so
/// after a broker restart it can reconnect and still receive what was published meanwhile.
/// </summary>
public sealed class MqttRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<Delivered> _delivered = new();
    private readonly MqttClientOptions _options;

    private MqttRecorder(string host, int port, bool persistent)
    {
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId($"recorder-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(!persistent)
            .WithSessionExpiryInterval(persistent ? 3600u : 0u)
            .Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            _delivered.Enqueue(new Delivered(m.Topic, m.Payload.ToArray(), m.QualityOfServiceLevel, m.Retain));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<Delivered> Delivered => [.. _delivered];

    public IReadOnlyList<TelemetryBatch> Telemetry(string gateway) =>
        Delivered.Where(d => d.Address.Kind == TopicKind.Telemetry && d.Address.Gateway == gateway)
            .Select(d => ProtocolCodec.DecodeTelemetry(d.Payload)).ToArray();

    public IReadOnlyList<EventBatch> Events(string gateway) =>
        Delivered.Where(d => d.Address.Kind == TopicKind.Events && d.Address.Gateway == gateway)
            .Select(d => ProtocolCodec.DecodeEvents(d.Payload)).ToArray();

    public IReadOnlyList<GatewayStatus> Statuses(string gateway) =>
        Delivered.Where(d => d.Address.Kind == TopicKind.Status && d.Address.Gateway == gateway)
            .Select(d => ProtocolCodec.DecodeStatus(d.Payload)).ToArray();

    public static async Task<MqttRecorder> StartAsync(string host, int port, bool persistent = false)
    {
        var recorder = new MqttRecorder(host, port, persistent);
        await recorder.ConnectAsync();
        return recorder;
    }

    /// <summary>After the broker came back: the persistent session still holds the subscription and the queued messages.</summary>
    public async Task ReconnectAsync()
    {
        await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    await ConnectAsync();
                    return true;
                }
                catch (MQTTnet.Exceptions.MqttCommunicationException)
                {
                    return false;
                }
            },
            ok => ok,
            TimeSpan.FromSeconds(15),
            "the recorder reconnecting");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(0).Build());
        }

        _client.Dispose();
    }

    private async Task ConnectAsync()
    {
        await _client.ConnectAsync(_options);
        await _client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter("coldchain/v1/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
    }
}
