using System.Buffers;
using System.Collections.Concurrent;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Testing;

/// <summary>
/// A plain MQTT subscriber that records every telemetry batch crossing a broker: the record of what was really sent,
/// against which the store and the API are compared.
/// </summary>
public sealed class TelemetryWitness : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<TelemetryBatch> _batches = new();

    private TelemetryWitness(IMqttClient client) => _client = client;

    public IReadOnlyCollection<TelemetryBatch> Batches => _batches;

    public IEnumerable<Reading> Readings => _batches.SelectMany(b => b.Readings);

    public static async Task<TelemetryWitness> StartAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var witness = new TelemetryWitness(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            witness._batches.Enqueue(ProtocolCodec.DecodeTelemetry(e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };

        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId($"witness-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart()
            .Build();
        await client.ConnectAsync(options, cancellationToken);
        await client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(ColdChainTopics.AllOf(TopicKind.Telemetry), MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            cancellationToken);
        return witness;
    }

    /// <summary>Waits until no batch has arrived for <paramref name="quiet"/>: the broker has handed over all it had.</summary>
    public async Task WaitUntilQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var count = -1;
        while (count != _batches.Count)
        {
            count = _batches.Count;
            await Task.Delay(quiet, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
