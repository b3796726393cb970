using System.Buffers;
using ColdChain.Edge.Outbox;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Topics;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;

namespace ColdChain.Edge.Uplink;

/// <summary>
/// The one MQTT 5 session of a gateway. MQTTnet 5 has no managed client, so reconnecting and sending the queue in order
/// live here: connect (Last Will = retained <c>offline</c>), publish the retained <c>online</c> status, then publish the
/// outbox head to tail at QoS 1, one at a time, removing each entry only when its PUBACK says the broker has it.
/// One in flight at a time keeps the order and costs nothing at a batch every few seconds.
/// </summary>
internal sealed partial class MqttUplink : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly UplinkSettings _settings;
    private readonly DurableOutbox _outbox;
    private readonly GatewayStatusReport _status;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly string _telemetryTopic;
    private readonly string _eventsTopic;
    private readonly string _statusTopic;
    private readonly string _configTopic;
    private readonly string _alertsTopic;
    private DateTimeOffset _nextStatusAt = DateTimeOffset.MinValue;
    private long _published;
    private long _connects;

    // Set while we disconnect on purpose (stop, simulated network loss), so that is not logged as a lost connection.
    private volatile bool _leaving;

    public MqttUplink(UplinkSettings settings, DurableOutbox outbox, GatewayStatusReport status, TimeProvider time, Random random, ILogger logger)
    {
        _settings = settings;
        _outbox = outbox;
        _status = status;
        _time = time;
        _logger = logger;
        _retry = RetryPipeline(settings, time, random);
        _telemetryTopic = ColdChainTopics.Telemetry(settings.Site, settings.GatewayId);
        _eventsTopic = ColdChainTopics.Events(settings.Site, settings.GatewayId);
        _statusTopic = ColdChainTopics.Status(settings.Site, settings.GatewayId);
        _configTopic = ColdChainTopics.Config(settings.Site, settings.GatewayId);
        _alertsTopic = ColdChainTopics.Alerts(settings.Site, settings.GatewayId);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_leaving)
            {
                LogDisconnected(_logger, _settings.GatewayId, e.Reason, e.Exception?.Message);
            }

            // Wake the loop so it reconnects now rather than at the next batch.
            _outbox.Wake();
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += async e =>
        {
            var kind = e.ApplicationMessage.Topic == _configTopic ? TopicKind.Config : TopicKind.Alerts;
            if (Received is { } received)
            {
                await received(kind, e.ApplicationMessage.Payload.ToArray());
            }
        };
    }

    /// <summary>Called with each message on the <c>config</c> or <c>alerts</c> topic; it must not throw.</summary>
    public Func<TopicKind, byte[], Task>? Received { get; set; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Batches the broker has acknowledged.</summary>
    public long Published => Interlocked.Read(ref _published);

    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Keeps the session up and the outbox flowing until <paramref name="cancellationToken"/> fires; then call <see cref="StopAsync"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_settings.OfflineWindow is { } window && window.Contains(_time.GetUtcNow()))
                {
                    await StayOfflineAsync(window, cancellationToken);
                    continue;
                }

                // Connect if needed, refresh the status when due, send the outbox; any failure is retried by Polly with
                // jittered exponential backoff, so a site's gateways that lost the broker together do not return in step.
                await _retry.ExecuteAsync(
                    async ct =>
                    {
                        if (_settings.OfflineWindow is { } w && w.Contains(_time.GetUtcNow()))
                        {
                            return;
                        }

                        if (!_client.IsConnected)
                        {
                            if (!await TryConnectAsync(ct))
                            {
                                throw new UplinkAttemptFailedException();
                            }
                        }
                        else if (_time.GetUtcNow() >= _nextStatusAt)
                        {
                            await TryPublishStatusAsync(ct);
                        }

                        if (!await TryDrainAsync(ct))
                        {
                            throw new UplinkAttemptFailedException();
                        }
                    },
                    cancellationToken);
                await _outbox.WaitAsync(UntilNextDuty(), _time, cancellationToken);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Stopping (a publish cut short by the stop may surface as MQTTnet's timeout): StopAsync sends what it can and
            // says goodbye.
        }
    }

    /// <summary>A clean stop: a last bounded attempt to send the outbox, then the retained <c>offline</c> status and a normal disconnect (which discards the Will).</summary>
    public async Task StopAsync()
    {
        if (!_client.IsConnected)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await TryDrainAsync(timeout.Token);
            await _client.PublishAsync(StatusMessage(_status.Offline()), timeout.Token);
            _leaving = true;
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or MqttCommunicationException or InvalidOperationException)
        {
            LogStopIncomplete(_logger, _settings.GatewayId, _outbox.Count, e.Message);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.ConnectAsync(ConnectOptions(), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogConnectFailed(_logger, _settings.GatewayId, _settings.Host, _settings.Port, e.Message);
            return false;
        }

        _leaving = false;
        Interlocked.Increment(ref _connects);
        if (_settings.ReceiveConfigAndAlerts)
        {
            try
            {
                await _client.SubscribeAsync(
                    new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter(_configTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                        .WithTopicFilter(_alertsTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                        .Build(),
                    cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogConnectFailed(_logger, _settings.GatewayId, _settings.Host, _settings.Port, $"subscribing to config and alerts: {e.Message}");
                return false;
            }
        }

        LogConnected(_logger, _settings.GatewayId, _settings.Host, _settings.Port, _outbox.Count);
        await TryPublishStatusAsync(cancellationToken);
        return true;
    }

    private async Task TryPublishStatusAsync(CancellationToken cancellationToken)
    {
        _nextStatusAt = _time.GetUtcNow() + _settings.StatusInterval;
        try
        {
            var result = await _client.PublishAsync(StatusMessage(_status.Online()), cancellationToken);
            if (!IsAccepted(result.ReasonCode))
            {
                LogStatusRefused(_logger, _settings.GatewayId, result.ReasonCode, result.ReasonString);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The drain that follows meets the same fault and backs off; a status is not worth a separate retry.
            LogStatusFailed(_logger, _settings.GatewayId, e.Message);
        }
    }

    /// <summary>Publishes the outbox head to tail; false when a publish failed (the entry stays for the next attempt).</summary>
    private async Task<bool> TryDrainAsync(CancellationToken cancellationToken)
    {
        while (_outbox.TryPeek(out var entry))
        {
            if (_settings.OfflineWindow is { } window && window.Contains(_time.GetUtcNow()))
            {
                return true;
            }

            MqttClientPublishResult result;
            try
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(entry.Kind == TopicKind.Events ? _eventsTopic : _telemetryTopic)
                    .WithPayload(entry.Encode(_time.GetUtcNow()))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithContentType("application/json")
                    .Build();
                result = await _client.PublishAsync(message, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPublishFailed(_logger, _settings.GatewayId, entry.Kind, entry.Seq, e.Message);
                return false;
            }

            if (result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                // Nobody heard it: the broker drops it. Seen when ingest has not subscribed yet, e.g. after a mosquitto
                // restart (2.0 does not restore shared subscriptions). Kept and retried until ingest is back.
                LogNoSubscriber(_logger, _settings.GatewayId, entry.Kind, entry.Seq);
                return false;
            }

            if (!IsAccepted(result.ReasonCode))
            {
                // Kept and retried: a refusal (ACL, quota) is an installer's fix, and dropping would lose readings.
                LogPublishRefused(_logger, _settings.GatewayId, entry.Kind, entry.Seq, result.ReasonCode, result.ReasonString);
                return false;
            }

            _outbox.Remove(entry);
            Interlocked.Increment(ref _published);
        }

        return true;
    }

    /// <summary>
    /// The simulated network loss. Disconnecting with reason 0x04 makes the broker publish the Will at once, as it
    /// would after the keep-alive ran out on a real loss, so the platform sees <c>offline</c> while the window lasts.
    /// </summary>
    private async Task StayOfflineAsync(OfflineWindow window, CancellationToken cancellationToken)
    {
        if (_client.IsConnected)
        {
            _leaving = true;
            try
            {
                await _client.DisconnectAsync(
                    new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build(),
                    cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPublishFailed(_logger, _settings.GatewayId, TopicKind.Status, 0, e.Message);
            }
        }

        LogNetworkLoss(_logger, _settings.GatewayId, window.Until);
        var remaining = window.Until - _time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, _time, cancellationToken);
        }

        LogNetworkBack(_logger, _settings.GatewayId, _outbox.Count);
    }

    private static ResiliencePipeline RetryPipeline(UplinkSettings settings, TimeProvider time, Random random) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<UplinkAttemptFailedException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.ReconnectFirstDelay,
                MaxDelay = settings.ReconnectLongestDelay,

                // Seeded by the caller: runs are reproducible.
                Randomizer = random.NextDouble,
            })
            .Build();

    /// <summary>How long the loop may sleep when idle: until the status refresh, or until a network-loss window opens.</summary>
    private TimeSpan UntilNextDuty()
    {
        var now = _time.GetUtcNow();
        var next = _nextStatusAt;
        if (_settings.OfflineWindow is { } window && window.From > now && window.From < next)
        {
            next = window.From;
        }

        return next > now ? next - now : TimeSpan.Zero;
    }

    private MqttClientOptions ConnectOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId(_settings.GatewayId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(_settings.SessionExpiry is null)
            .WithSessionExpiryInterval(_settings.SessionExpiry is { } expiry ? (uint)expiry.TotalSeconds : 0)
            .WithKeepAlivePeriod(_settings.KeepAlive)
            .WithTimeout(_settings.Timeout)
            .WithWillTopic(_statusTopic)
            .WithWillPayload(ProtocolCodec.Encode(_status.Offline()))
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillContentType("application/json");
        if (_settings.UseTls)
        {
            builder.WithTlsOptions(BrokerTls.Options(_settings));
        }

        if (!string.IsNullOrEmpty(_settings.Username))
        {
            builder.WithCredentials(_settings.Username, _settings.Password ?? string.Empty);
        }

        var options = builder.Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = MqttSocket.BufferBytes;
        return options;
    }

    private MqttApplicationMessage StatusMessage(ColdChain.Protocol.Status.GatewayStatus status) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(_statusTopic)
            .WithPayload(ProtocolCodec.Encode(status))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .WithContentType("application/json")
            .Build();

    /// <summary>MQTT 5 reason codes below 0x80 are successes (a retained status with no subscriber is still kept).</summary>
    private static bool IsAccepted(MqttClientPublishReasonCode code) => (int)code < 0x80;

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Gateway} connected to {Host}:{Port}; {Pending} batches to send")]
    private static partial void LogConnected(ILogger logger, string gateway, string host, int port, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} could not connect to {Host}:{Port}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string gateway, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} lost its connection ({Reason}): {Detail}")]
    private static partial void LogDisconnected(ILogger logger, string gateway, MqttClientDisconnectReason reason, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} could not publish {Kind} seq {Seq}; it stays queued: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string gateway, TopicKind kind, long seq, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Broker refused {Kind} seq {Seq} from gateway {Gateway} ({Code}: {ReasonText}); it stays queued")]
    private static partial void LogPublishRefused(ILogger logger, string gateway, TopicKind kind, long seq, MqttClientPublishReasonCode code, string? reasonText);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No subscriber took {Kind} seq {Seq} from gateway {Gateway} (ingest not subscribed yet?); it stays queued")]
    private static partial void LogNoSubscriber(ILogger logger, string gateway, TopicKind kind, long seq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker refused the status of gateway {Gateway} ({Code}: {ReasonText})")]
    private static partial void LogStatusRefused(ILogger logger, string gateway, MqttClientPublishReasonCode code, string? reasonText);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} could not publish its status: {Reason}")]
    private static partial void LogStatusFailed(ILogger logger, string gateway, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} simulates a network loss until {Until:O}; it keeps sampling")]
    private static partial void LogNetworkLoss(ILogger logger, string gateway, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Gateway} network is back; {Pending} batches to catch up")]
    private static partial void LogNetworkBack(ILogger logger, string gateway, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} stopped with {Pending} batches unsent: {Reason}")]
    private static partial void LogStopIncomplete(ILogger logger, string gateway, int pending, string reason);
}

/// <summary>A connect or publish that failed and was logged where it failed; it only tells the retry pipeline to back off.</summary>
internal sealed class UplinkAttemptFailedException : Exception
{
    public UplinkAttemptFailedException()
        : base("uplink attempt failed")
    {
    }

    public UplinkAttemptFailedException(string message)
        : base(message)
    {
    }

    public UplinkAttemptFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
