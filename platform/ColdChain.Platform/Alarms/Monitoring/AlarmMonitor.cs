using System.Buffers;
using System.Text.Json;
using ColdChain.Ingest.Consuming;
using ColdChain.Platform.Live;
using ColdChain.Protocol;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ColdChain.Platform.Alarms.Monitoring;

/// <summary>
/// The alarm monitor: its own persistent MQTT 5 session on every gateway's telemetry, events and status. Against an
/// external broker it subscribes through a share group of its own, and only while ingest is subscribed
/// (<see cref="IngestGate"/>, <see cref="AlarmSubscription"/>); with the embedded broker plainly. Each message is
/// judged by the rules and its alarm changes are persisted before the message is acknowledged, so a crash redelivers
/// rather than loses it. A clock tick runs the rules no message triggers (stale data, a door left
/// open, a gateway offline past its grace). The same session publishes cab alerts.
/// </summary>
public sealed partial class AlarmMonitor(
    IOptions<AlarmOptions> options,
    IOptionsMonitor<BrokerOptions> broker,
    AlarmDirectory directory,
    AlarmLedger ledger,
    CabAcknowledgements cabAcknowledgements,
    LivePush live,
    AlarmMetrics metrics,
    MissedTelemetry missed,
    TimeProvider time,
    ILogger<AlarmMonitor> logger) : BackgroundService
{
    private readonly AlarmOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AlarmEngine _engine = null!;
    private IMqttClient? _client;
    private TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stopping;
    private volatile bool _subscribed;
    private volatile string _notConnected = "not connected to the broker yet";
    private int _rulesVersion;

    /// <summary>The <see cref="AlarmDirectory.Version"/> the running rules were last configured from.</summary>
    public int RulesVersion => Volatile.Read(ref _rulesVersion);

    /// <summary>How many sensors and doors the running rules judge.</summary>
    public int SensorCount => Volatile.Read(ref _engine) is { } engine ? engine.SensorCount : 0;

    /// <summary>Probes ingest before subscribing (<see cref="AlarmSubscription.SharedAfterIngest"/>); unused with a plain subscription.</summary>
    public IngestGate Gate { get; } = new(time);

    /// <summary>True while connected with the subscriptions in place.</summary>
    public bool IsSubscribed => Gated ? Gate.State == IngestGateState.Subscribed : _subscribed;

    /// <summary>For an operator (the health check): subscribed, waiting for ingest, or not connected, and why.</summary>
    public string SubscriptionStatus => (_options.MonitorEnabled, Gated, IsSubscribed) switch
    {
        (false, _, _) => "disabled (Alarms:MonitorEnabled=false): no alarm is raised",
        (_, true, _) when Gate.State != IngestGateState.NotConnected => Gate.Reason,
        (_, false, true) => "subscribed (plain subscription)",
        _ => _notConnected,
    };

    private bool Gated => _options.Subscription == AlarmSubscription.SharedAfterIngest;

    /// <summary>Publishes at QoS 1 over the monitor's session; null when the broker took it, else why not.</summary>
    public async Task<string?> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var client = _client;
        if (client is null || !client.IsConnected)
        {
            return "the alarm monitor is not connected to the broker";
        }

        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var result = await client.PublishAsync(message, cancellationToken);
        return result.ReasonCode switch
        {
            MqttClientPublishReasonCode.Success => null,

            // Nobody would get it (the gateway never subscribed or its session expired): retry until it is there.
            MqttClientPublishReasonCode.NoMatchingSubscribers => $"no subscriber on {topic}",
            _ => $"the broker refused it: {result.ReasonCode} {result.ReasonString}",
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.MonitorEnabled)
        {
            LogDisabled();
            return;
        }

        _stopping = stoppingToken;
        if (!Gated)
        {
            LogPlainSubscription(Broker.Host, Broker.Port);
        }

        await StartRulesAsync(stoppingToken);
        var ticks = TickAsync(stoppingToken);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += e =>
        {
            Volatile.Read(ref _ended).TrySetResult();
            return Task.CompletedTask;
        };
        _client = client;
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Volatile.Write(ref _ended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                string? reason = null;
                try
                {
                    await ConnectAsync(client, stoppingToken);
                    if (Gated)
                    {
                        // Not before: a broker refusing the probe (its ACL) would otherwise be asked again every second.
                        var filters = Filters(shared: true);
                        await Gate.HoldAsync(client, filters, _ended.Task, token => SubscribeAndCatchUpAsync(client, filters, token), stoppingToken);
                        failures = 0;
                    }
                    else
                    {
                        failures = 0;
                        _subscribed = true;
                        await _ended.Task.WaitAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    reason = e.Message;
                }

                _subscribed = false;
                // At most 5 s (ingest waits up to 30 s): back and probing before ingest is, the monitor subscribes within
                // a probe interval of it, and the gateways' held-back readings that reach ingest alone are few.
                var delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks << Math.Min(failures++, 5), TimeSpan.FromSeconds(5).Ticks));
                _notConnected = $"not connected to {Broker.Host}:{Broker.Port}: {reason ?? "disconnected"}";
                LogConnectionLost(Broker.Host, Broker.Port, delay, reason ?? "disconnected");
                await DisconnectAsync(client);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _subscribed = false;
            _client = null;
            await DisconnectAsync(client);
            await ticks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private BrokerOptions Broker => broker.Get(AlarmOptions.Section);

    /// <summary>Reads the registry and takes up the alarms left open by the previous run.</summary>
    private async Task StartRulesAsync(CancellationToken cancellationToken)
    {
        await directory.RefreshAsync(cancellationToken);
        _rulesVersion = directory.Version;
        _engine = new AlarmEngine(directory.ProfileFor, _options.GatewayOfflineGrace, _options.LateAfter);
        var open = await ledger.LoadOpenAsync(cancellationToken);
        foreach (var alarm in open)
        {
            if (AlarmNames.TryParseCondition(alarm.Condition, out var condition))
            {
                _engine.Restore(alarm.Site, alarm.Gateway, alarm.Asset, alarm.Source, condition, new DateTimeOffset(alarm.StartedAt, TimeSpan.Zero), alarm.Peak);
            }
        }

        LogStarted(open.Count);
    }

    private async Task ConnectAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var settings = Broker;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_options.EffectiveClientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)Math.Min(_options.SessionExpiry.TotalSeconds, uint.MaxValue))
            .WithReceiveMaximum(1000)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (!string.IsNullOrEmpty(settings.Username))
        {
            builder.WithCredentials(settings.Username, settings.Password);
        }

        if (settings.UseTls)
        {
            builder.WithTlsOptions(tls => tls.UseTls());
        }

        var connect = builder.Build();
        ((MqttClientTcpOptions)connect.ChannelOptions).BufferSize = MqttSocket.BufferBytes;
        var result = await client.ConnectAsync(connect, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
        }

        if (result.IsSessionPresent)
        {
            // The resumed session may hold the other way's subscriptions (an earlier version, a changed setting): each
            // message would come twice, or a plain one would let the broker accept what ingest does not get.
            await MqttSubscriptions.UnsubscribeAsync(client, Filters(shared: !Gated), cancellationToken);
        }

        LogConnected(settings.Host, settings.Port, _options.EffectiveClientId, result.IsSessionPresent, Gated ? "shared, once ingest answers the probe" : "plain");
        if (Gated)
        {
            return; // the gate subscribes
        }

        await MqttSubscriptions.SubscribeAsync(client, Filters(shared: false), cancellationToken);
    }

    /// <summary>
    /// Subscribes behind ingest, then judges what ingest stored while this monitor was not subscribed (a broker restart
    /// drops the shared subscription, and ingest is back first), before any live message: those wait for the lock,
    /// and the rules judge each sensor's readings in measurement order. A store that cannot be read costs the
    /// catch-up, logged, not the live judging.
    /// </summary>
    private async Task SubscribeAndCatchUpAsync(IMqttClient client, IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await MqttSubscriptions.SubscribeAsync(client, filters, cancellationToken);
            var since = _engine.LastObservedByAsset();
            List<TelemetryBatch> batches;
            try
            {
                batches = await missed.ReadAsync(since, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogCatchUpFailed(since.Count, since.Count == 0 ? default : since.Values.Min(), e.Message);
                return;
            }

            var receivedAt = time.GetUtcNow();
            foreach (var batch in batches)
            {
                await PersistAsync(_engine.ObserveTelemetry(batch, receivedAt), cancellationToken);
                foreach (var reading in batch.Readings)
                {
                    live.Reading(reading);
                }
            }

            if (batches.Count > 0)
            {
                LogCaughtUp(batches.Sum(b => b.Readings.Count), since.Count);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The monitor's filters; shared ones through a group named after its client id, so it is a group of one.</summary>
    private string[] Filters(bool shared) =>
        [.. new[] { TopicKind.Telemetry, TopicKind.Events, TopicKind.Status }.Select(kind => shared ? ColdChainTopics.Shared(_options.EffectiveClientId, kind) : ColdChainTopics.AllOf(kind))];

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged below, once the alarm state it causes is in the database.
        e.AutoAcknowledge = false;
        var started = time.GetTimestamp();
        var receivedAt = time.GetUtcNow();
        var topic = e.ApplicationMessage.Topic;
        var kind = "unknown";
        try
        {
            if (ColdChainTopics.TryParse(topic, out var address))
            {
                kind = address.Value.Kind.ToString();
                await JudgeAsync(address.Value, e.ApplicationMessage.Payload, receivedAt);
            }

            await e.AcknowledgeAsync(_stopping);
            metrics.Evaluated(time.GetElapsedTime(started), kind);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: left unacknowledged, redelivered to the next session.
        }
    }

    private async Task JudgeAsync(TopicAddress address, ReadOnlySequence<byte> payload, DateTimeOffset receivedAt)
    {
        var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        Func<List<SourcedTransition>>? judge;
        Action? push = null;
        EventBatch? cabAcknowledged = null;
        try
        {
            switch (address.Kind)
            {
                case TopicKind.Telemetry:
                    var batch = ProtocolCodec.DecodeTelemetry(bytes);
                    judge = Matches(address, batch.Site, batch.Gateway) ? () => _engine.ObserveTelemetry(batch, receivedAt) : null;
                    push = () =>
                    {
                        foreach (var reading in batch.Readings)
                        {
                            live.Reading(reading);
                        }
                    };
                    break;
                case TopicKind.Events:
                    var events = ProtocolCodec.DecodeEvents(bytes);
                    judge = Matches(address, events.Site, events.Gateway) ? () => _engine.ObserveEvents(events, receivedAt) : null;
                    cabAcknowledged = events;
                    break;
                case TopicKind.Status:
                    var status = ProtocolCodec.DecodeStatus(bytes);
                    judge = Matches(address, status.Site, status.Gateway) ? () => _engine.ObserveStatus(status, receivedAt) : null;
                    push = () => live.Gateway(new LiveGateway(status.Gateway, status.Site, status.State == GatewayState.Online, receivedAt), _engine.AssetsOf(status.Site, status.Gateway));
                    break;
                default:
                    return;
            }
        }
        catch (Exception e) when (e is ProtocolException or JsonException)
        {
            // Ingest dead-letters what it cannot read; the monitor only skips it.
            LogUnreadable(address.ToString(), e.Message);
            return;
        }

        if (judge is null)
        {
            LogForeignPayload(address.ToString());
            return;
        }

        await _gate.WaitAsync(_stopping);
        try
        {
            await PersistAsync(judge(), _stopping);
            push?.Invoke();
        }
        finally
        {
            _gate.Release();
        }

        if (cabAcknowledged is not null)
        {
            // The driver pressed the cab's button: acknowledged before the message is, so a crash redelivers it.
            await RetryAsync(() => cabAcknowledgements.ApplyAsync(cabAcknowledged, _stopping), "cab acknowledgement", _stopping);
        }
    }

    private static bool Matches(TopicAddress address, string site, string gateway) =>
        string.Equals(address.Site, site, StringComparison.Ordinal) && string.Equals(address.Gateway, gateway, StringComparison.Ordinal);

    /// <summary>
    /// The rules have moved on: their decision must reach the database. A database outage holds this message (and,
    /// through the receive maximum, the broker) until it is back, rather than dropping an alarm.
    /// </summary>
    private Task PersistAsync(List<SourcedTransition> transitions, CancellationToken cancellationToken) =>
        RetryAsync(() => ledger.ApplyAsync(transitions, cancellationToken), $"{transitions.Count} alarm changes", cancellationToken);

    private async Task RetryAsync(Func<Task> work, string what, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await work();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(100 * Math.Pow(2, attempt - 1), 10_000));
                LogPersistFailed(what, attempt, delay, e.Message);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        var refreshedAt = time.GetUtcNow();
        try
        {
            while (await time.NextTickAsync(_options.CheckInterval, stoppingToken))
            {
                try
                {
                    var now = time.GetUtcNow();
                    if (directory.TakeRefreshRequest() || now - refreshedAt >= _options.RegistryRefresh)
                    {
                        refreshedAt = now;
                        await directory.RefreshAsync(stoppingToken);
                    }

                    await _gate.WaitAsync(stoppingToken);
                    try
                    {
                        ApplyRegistryChanges();
                        await PersistAsync(_engine.Tick(now), stoppingToken);
                        await ledger.FlushBacklogsAsync(_options.BacklogSummaryQuiet, stoppingToken);
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogTickFailed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Under the gate: a registry read since the rules were last configured (by anyone) reaches every known sensor.</summary>
    private void ApplyRegistryChanges()
    {
        var version = directory.Version;
        if (version != _rulesVersion)
        {
            _engine.Reconfigure();
            Volatile.Write(ref _rulesVersion, version);
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
            // Already gone.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alarm monitor is disabled (Alarms:MonitorEnabled=false): no alarm will be raised")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm monitor started; {Count} open alarms taken up")]
    private partial void LogStarted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm monitor connected to {Host}:{Port} as {ClientId} (session present: {SessionPresent}; subscription: {Subscription})")]
    private partial void LogConnected(string host, int port, string clientId, bool sessionPresent, string subscription);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm monitor on {Host}:{Port} with a plain subscription (Alarms:Subscription=Plain): right for the embedded broker; with an external one a broker restart can make it accept readings ingest never gets")]
    private partial void LogPlainSubscription(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm monitor lost {Host}:{Port}; reconnecting in {Delay}: {Reason}")]
    private partial void LogConnectionLost(string host, int port, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm monitor judged {Count} readings that ingest stored while it was not subscribed (read back for {Assets} assets)")]
    private partial void LogCaughtUp(int count, int assets);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alarm monitor could not read back what ingest stored while it was not subscribed ({Assets} assets, from {Since:O} on): those readings are not judged: {Error}")]
    private partial void LogCatchUpFailed(int assets, DateTimeOffset since, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alarm monitor skipped an unreadable message on {Topic}: {Error}")]
    private partial void LogUnreadable(string topic, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm monitor skipped a message on {Topic} naming another site or gateway")]
    private partial void LogForeignPayload(string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not persist {What} (attempt {Attempt}); retrying in {Delay}: {Error}")]
    private partial void LogPersistFailed(string what, int attempt, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The alarm clock tick failed: {Error}")]
    private partial void LogTickFailed(string error);
}
