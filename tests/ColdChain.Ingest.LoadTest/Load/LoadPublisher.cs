using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>
/// Gateways' stand-in: a few MQTT clients publishing QoS 1 with many publishes in flight each. A publish is retried
/// (after reconnecting) until the broker acknowledged it to a subscriber, as the edge outbox does: so a broker restart costs time, not data.
/// </summary>
public sealed class LoadPublisher : IAsyncDisposable
{
    private readonly Connection[] _connections;
    private long _next;
    private long _retries;

    private LoadPublisher(Connection[] connections) => _connections = connections;

    public long Retries => Interlocked.Read(ref _retries);

    public static async Task<LoadPublisher> ConnectAsync(int port, int clients = 4, int inFlightPerClient = 100, CancellationToken cancellationToken = default)
    {
        var connections = Enumerable.Range(0, clients).Select(i => new Connection(port, $"loadtest-publisher-{i}-{Guid.NewGuid():N}", inFlightPerClient)).ToArray();
        foreach (var connection in connections)
        {
            await connection.EnsureConnectedAsync(cancellationToken);
        }

        return new LoadPublisher(connections);
    }

    /// <summary>Waits for a free in-flight slot, then publishes in the background; the returned task ends when the slot is taken.</summary>
    public async Task<Task> StartPublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var connection = _connections[(int)(Interlocked.Increment(ref _next) % _connections.Length)];
        await connection.Slots.WaitAsync(cancellationToken);
        return PublishAsync(connection, topic, payload, cancellationToken);
    }

    /// <summary>Waits until every publish started has been acknowledged by the broker.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _connections)
        {
            for (var i = 0; i < connection.Capacity; i++)
            {
                await connection.Slots.WaitAsync(cancellationToken);
            }

            connection.Slots.Release(connection.Capacity);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task PublishAsync(Connection connection, string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await connection.EnsureConnectedAsync(cancellationToken);
                    var result = await connection.Client.PublishAsync(message, cancellationToken);
                    // Not IsSuccess: "no matching subscribers" means nobody took it (ingest not subscribed yet), as the edge treats it.
                    if (result.ReasonCode == MqttClientPublishReasonCode.Success)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The broker is away (restarting): try again after it is back.
                }

                Interlocked.Increment(ref _retries);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * attempt, 1000)), cancellationToken);
            }
        }
        finally
        {
            connection.Slots.Release();
        }
    }

    private sealed class Connection(int port, string clientId, int capacity) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _connectLock = new(1, 1);

        public IMqttClient Client { get; } = new MqttClientFactory().CreateMqttClient();

        public SemaphoreSlim Slots { get; } = new(capacity, capacity);

        public int Capacity => capacity;

        public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
        {
            if (Client.IsConnected)
            {
                return;
            }

            await _connectLock.WaitAsync(cancellationToken);
            try
            {
                if (!Client.IsConnected)
                {
                    await Client.ConnectAsync(
                        new MqttClientOptionsBuilder()
                            .WithTcpServer("127.0.0.1", port)
                            .WithClientId(clientId)
                            .WithProtocolVersion(MqttProtocolVersion.V500)
                            .WithTimeout(TimeSpan.FromSeconds(5))
                            .Build(),
                        cancellationToken);
                }
            }
            finally
            {
                _connectLock.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Client.IsConnected)
            {
                try
                {
                    await Client.DisconnectAsync();
                }
                catch (MQTTnet.Exceptions.MqttCommunicationException)
                {
                    // Gone already.
                }
            }

            Client.Dispose();
        }
    }
}
