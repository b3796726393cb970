using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Protocol.Topics;

public enum IngestGateState
{
    NotConnected,
    WaitingForIngest,
    Subscribed,
}

/// <summary>
/// For a client that reads the gateways' topics beside ingest (the platform's alarm monitor): it holds its subscriptions
/// only while ingest holds its own. A gateway keeps a batch in its outbox while the broker answers "no matching
/// subscribers" (0x10); a subscription of this client alone would make the broker answer success for telemetry ingest
/// never receives (after a mosquitto 2.0.11 restart, which restores plain subscriptions but not shared ones). So: a
/// QoS-1 probe on <see cref="ColdChainTopics.IngestProbe"/>, which ingest subscribes in the same SUBSCRIBE packet as its
/// telemetry, events and status filters, until the broker answers success; then subscribe; probe again every
/// <see cref="Recheck"/> and unsubscribe when no ingest is left (its session expired, say).
/// </summary>
public sealed class IngestGate(TimeProvider time)
{
    /// <summary>A probe that waits at the broker for an absent ingest session goes stale rather than piling up.</summary>
    private const uint ProbeExpirySeconds = 60;

    private volatile StateAndReason _current = new(IngestGateState.NotConnected, "not connected to the broker");
    private long _probesUnanswered;

    /// <summary>First wait after a probe found no ingest; doubles up to <see cref="MaxRetry"/>.</summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Short: what the gateways held back arrives the moment ingest is back, and what arrives before this client has
    /// subscribed is stored but never reaches it. A probe answered 0x10 costs the broker next to nothing.
    /// </summary>
    public TimeSpan MaxRetry { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a held subscription checks that ingest is still there: the longest a vanished ingest goes unnoticed.</summary>
    public TimeSpan Recheck { get; init; } = TimeSpan.FromSeconds(5);

    public IngestGateState State => _current.State;

    /// <summary>For an operator: what the gate is doing and why.</summary>
    public string Reason => _current.Reason;

    /// <summary>Probes sent that found no ingest, since start.</summary>
    public long ProbesUnanswered => Interlocked.Read(ref _probesUnanswered);

    /// <summary>
    /// Runs for one connection of <paramref name="client"/>: subscribes <paramref name="filters"/> (QoS 1) once ingest is
    /// subscribed and drops them whenever it is not. Returns when <paramref name="connectionEnded"/> completes; a
    /// publish or subscribe on a lost connection throws, and the caller reconnects.
    /// </summary>
    public Task HoldAsync(IMqttClient client, IReadOnlyList<string> filters, Task connectionEnded, CancellationToken cancellationToken) =>
        HoldAsync(client, filters, connectionEnded, token => MqttSubscriptions.SubscribeAsync(client, filters, token), cancellationToken);

    /// <summary>As <see cref="HoldAsync(IMqttClient, IReadOnlyList{string}, Task, CancellationToken)"/>, subscribing through <paramref name="subscribe"/>.</summary>
    /// <param name="subscribe">
    /// Subscribes <paramref name="filters"/> each time ingest is found: a caller may do more around it (the alarm
    /// monitor holds its live messages back while it judges what it missed).
    /// </param>
    public async Task HoldAsync(IMqttClient client, IReadOnlyList<string> filters, Task connectionEnded, Func<CancellationToken, Task> subscribe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(connectionEnded);
        ArgumentNullException.ThrowIfNull(subscribe);
        try
        {
            while (true)
            {
                if (!await ProbeAsync(client, cancellationToken))
                {
                    // A resumed session may still hold them (the broker kept them, ingest's are gone): drop them now.
                    await MqttSubscriptions.UnsubscribeAsync(client, filters, cancellationToken);
                    if (await WaitForIngestAsync(client, connectionEnded, cancellationToken))
                    {
                        return;
                    }
                }

                await subscribe(cancellationToken);
                Set(IngestGateState.Subscribed, $"subscribed: ingest answered the probe on {ColdChainTopics.IngestProbe} (rechecked every {Recheck.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)");
                do
                {
                    if (await EndsWithinAsync(connectionEnded, Recheck, cancellationToken))
                    {
                        return;
                    }
                }
                while (await ProbeAsync(client, cancellationToken));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Set(IngestGateState.NotConnected, $"not connected: {e.Message}");
            throw;
        }
        finally
        {
            if (State != IngestGateState.NotConnected)
            {
                Set(IngestGateState.NotConnected, "not connected to the broker");
            }
        }
    }

    /// <summary>Probes with backoff until ingest answers; true when the connection ended first.</summary>
    private async Task<bool> WaitForIngestAsync(IMqttClient client, Task connectionEnded, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow();
        var delay = FirstRetry;
        for (var attempt = 1; ; attempt++)
        {
            Set(IngestGateState.WaitingForIngest, string.Create(CultureInfo.InvariantCulture,
                $"waiting for ingest: no subscriber on {ColdChainTopics.IngestProbe} since {since:yyyy-MM-dd HH:mm:ss} UTC ({attempt} probes); not subscribed meanwhile, so gateways keep their readings until ingest is back"));
            if (await EndsWithinAsync(connectionEnded, delay, cancellationToken))
            {
                return true;
            }

            if (await ProbeAsync(client, cancellationToken))
            {
                return false;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
        }
    }

    /// <summary>True when the broker delivered the probe to a subscriber (ingest), false when it had none (0x10).</summary>
    private async Task<bool> ProbeAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var probe = new MqttApplicationMessageBuilder()
            .WithTopic(ColdChainTopics.IngestProbe)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithMessageExpiryInterval(ProbeExpirySeconds)
            .Build();
        var result = await client.PublishAsync(probe, cancellationToken);
        switch (result.ReasonCode)
        {
            case MqttClientPublishReasonCode.Success:
                return true;
            case MqttClientPublishReasonCode.NoMatchingSubscribers:
                Interlocked.Increment(ref _probesUnanswered);
                return false;
            default:
                throw new InvalidOperationException($"the broker refused the ingest probe on {ColdChainTopics.IngestProbe}: {result.ReasonCode} {result.ReasonString} (may this account write it?)");
        }
    }

    private async Task<bool> EndsWithinAsync(Task connectionEnded, TimeSpan delay, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay, time, waiting.Token);
        var first = await Task.WhenAny(connectionEnded, elapsed);
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == connectionEnded;
    }

    private void Set(IngestGateState state, string reason) => _current = new StateAndReason(state, reason);

    private sealed record StateAndReason(IngestGateState State, string Reason);
}
