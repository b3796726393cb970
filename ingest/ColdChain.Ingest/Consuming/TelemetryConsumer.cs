using ColdChain.Ingest.Writing;
using ColdChain.Protocol.Topics;
using MQTTnet;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Consuming;

/// <summary>
/// Holds the MQTT session and hands each message, prepared by <see cref="MessageIngestor"/>, to the
/// <see cref="BatchingWriter"/>, which acknowledges it only after the stores have it (or its dead letter). While the
/// store is down the writer's queue fills and this handler waits in it: the broker stops sending once the receive
/// maximum of unacknowledged messages is out, and keeps the rest. MQTT 5 redelivers the unacknowledged messages of a
/// persistent session when the same client id reconnects.
/// </summary>
internal sealed class TelemetryConsumer(
    IOptions<IngestOptions> options,
    MessageIngestor ingestor,
    BatchingWriter writer,
    IngestMetrics metrics,
    TimeProvider time,
    ILogger<TelemetryConsumer> logger) : BackgroundService
{
    private readonly IngestOptions _options = options.Value;
    private Connection _connection = new();
    private CancellationToken _stopping;
    private volatile bool _subscribed;
    private long _probesReceived;

    /// <summary>True while connected with the subscriptions in place: from then on nothing published is missed.</summary>
    public bool IsSubscribed => _subscribed;

    /// <summary>Messages on <see cref="ColdChainTopics.IngestProbe"/> received (and acknowledged) since start.</summary>
    public long ProbesReceived => Interlocked.Read(ref _probesReceived);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += e =>
        {
            Volatile.Read(ref _connection).End(e.Exception);
            return Task.CompletedTask;
        };

        var connectFailures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Set before connecting: a resumed session redelivers right after CONNACK.
                var connection = new Connection();
                Volatile.Write(ref _connection, connection);
                try
                {
                    await ConnectAsync(client, stoppingToken);
                    connectFailures = 0;
                    _subscribed = true;
                    metrics.BrokerConnected(true);
                    await connection.Ended.WaitAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    connection.End(e);
                }

                _subscribed = false;
                metrics.BrokerConnected(false);
                metrics.ConnectionLost();
                await DisconnectAsync(client);
                var delay = Backoff.Delay(++connectFailures, _options.ReconnectDelay, _options.MaxReconnectDelay);
                IngestLog.ConnectionLost(logger, _options.Broker.Host, _options.Broker.Port, delay, connection.Reason);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: fall through to the clean disconnect.
        }
        finally
        {
            _subscribed = false;
            metrics.BrokerConnected(false);

            // A normal DISCONNECT keeps the session: what arrives while ingest is down waits at the broker.
            await DisconnectAsync(client);
        }
    }

    private async Task ConnectAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var result = await client.ConnectAsync(BrokerSession.ConnectOptions(_options), cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
        }

        // Subscribing again on a resumed session is harmless and covers a session the broker has expired.
        var filters = BrokerSession.TopicFilters(_options);
        var subscribed = await client.SubscribeAsync(BrokerSession.SubscribeOptions(filters), cancellationToken);
        foreach (var item in subscribed.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                throw new InvalidOperationException(
                    $"the broker refused the subscription '{item.TopicFilter.Topic}': {item.ResultCode}"
                    + (item.ResultCode == MqttClientSubscribeResultCode.SharedSubscriptionsNotSupported ? " (set Ingest:UseSharedSubscription=false for this broker)" : string.Empty));
            }
        }

        IngestLog.Connected(logger, _options.Broker.Host, _options.Broker.Port, _options.EffectiveClientId, result.IsSessionPresent, string.Join(", ", filters));
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (string.Equals(e.ApplicationMessage.Topic, ColdChainTopics.IngestProbe, StringComparison.Ordinal))
        {
            // Only its delivery matters (the alarm monitor asked whether ingest is subscribed): acknowledged unread.
            Interlocked.Increment(ref _probesReceived);
            return;
        }

        // Acknowledged by the writer once the stores have the message; never by MQTTnet on return.
        e.AutoAcknowledge = false;
        var pending = ingestor.Prepare(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, e.AcknowledgeAsync, e.ApplicationMessage.Retain);
        try
        {
            await writer.EnqueueAsync(pending, _stopping);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: left unacknowledged, redelivered to the next session.
        }
    }

    private static async Task DisconnectAsync(IMqttClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // Already gone: nothing more to tell the broker.
        }
    }

    /// <summary>The state of one connection: how it ended.</summary>
    private sealed class Connection
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile Exception? _reason;

        public Task Ended => _ended.Task;

        /// <summary>Why the connection ended, when it was an error.</summary>
        public Exception? Reason => _reason;

        public void End(Exception? reason)
        {
            _reason ??= reason;
            _ended.TrySetResult();
        }
    }
}
