using ColdChain.Edge.Outbox;
using ColdChain.Edge.Sampling;
using ColdChain.Edge.Uplink;
using Microsoft.Extensions.Logging;

namespace ColdChain.Edge.Gateway;

/// <summary>
/// One gateway: samples every sensor each <see cref="GatewaySettings.SampleInterval"/> (by the injected clock), turns the
/// samples into numbered batches each <see cref="GatewaySettings.PublishInterval"/>, and runs the uplink that sends them.
/// Sampling never waits for the network: while the broker is unreachable the batches wait in the outbox.
/// </summary>
internal sealed partial class GatewayRunner : IAsyncDisposable
{
    private readonly GatewaySettings _settings;
    private readonly Func<CancellationToken, ValueTask<SensorSample>> _sample;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BatchAssembler _assembler;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ColdChain.Protocol.Events.GatewayEvent> _pending = new();
    private long _samples;

    public GatewayRunner(GatewaySettings settings, Func<SensorSample> sample, TimeProvider time, Random random, ILoggerFactory loggers)
        : this(settings, _ => ValueTask.FromResult(sample()), time, random, loggers)
    {
    }

    public GatewayRunner(GatewaySettings settings, Func<CancellationToken, ValueTask<SensorSample>> sample, TimeProvider time, Random random, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        if (settings.SampleInterval <= TimeSpan.Zero || settings.PublishInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("the sample and publish intervals must be positive", nameof(settings));
        }

        _settings = settings;
        _sample = sample;
        _time = time;
        _logger = loggers.CreateLogger<GatewayRunner>();
        var uplink = settings.Uplink;
        var path = settings.DataDirectory is { } directory ? Path.Combine(directory, uplink.GatewayId, DurableOutbox.FileName) : null;
        Outbox = DurableOutbox.Open(path, settings.Outbox, time, loggers.CreateLogger<DurableOutbox>());
        _assembler = new BatchAssembler(uplink.Site, uplink.GatewayId);
        Status = new GatewayStatusReport(uplink, Outbox, time, settings.ClockSynced, settings.Probe, settings.Signal);
        Uplink = new MqttUplink(uplink, Outbox, Status, time, random, loggers.CreateLogger<MqttUplink>());
    }

    public string GatewayId => _settings.Uplink.GatewayId;

    public DurableOutbox Outbox { get; }

    public MqttUplink Uplink { get; }

    public GatewayStatusReport Status { get; }

    /// <summary>Events from outside the sampling round (config applied or rejected, alarms, acknowledgements) go out with the next batch.</summary>
    public void Report(ColdChain.Protocol.Events.GatewayEvent gatewayEvent) => _pending.Enqueue(gatewayEvent);

    /// <summary>Sampling rounds done; each round's readings are in the outbox (or sent) once this counts it.</summary>
    public long SamplesTaken => Interlocked.Read(ref _samples);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogStarting(_logger, GatewayId, _settings.Uplink.Host, _settings.Uplink.Port, Outbox.LastSeq(Protocol.Topics.TopicKind.Telemetry));
        await Task.WhenAll(SampleAsync(cancellationToken), Uplink.RunAsync(cancellationToken));
        await Uplink.StopAsync();
        LogStopped(_logger, GatewayId, Outbox.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await Uplink.DisposeAsync();
        Outbox.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var due = _time.GetUtcNow();
        var nextPublish = due + _settings.PublishInterval;
        try
        {
            while (true)
            {
                var wait = due - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }

                _assembler.Add(await _sample(cancellationToken));
                TakePending();

                var now = _time.GetUtcNow();
                if (now >= nextPublish)
                {
                    _assembler.FlushTo(Outbox, now);
                    nextPublish = Later(nextPublish, _settings.PublishInterval, now);
                }

                Interlocked.Increment(ref _samples);
                due = Later(due, _settings.SampleInterval, now);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // What was sampled since the last publish goes into the outbox for the uplink's last attempt.
            TakePending();
            _assembler.FlushTo(Outbox, _time.GetUtcNow());
        }
    }

    private void TakePending()
    {
        while (_pending.TryDequeue(out var pending))
        {
            _assembler.Add(pending);
        }
    }

    /// <summary>The next slot on the schedule after <paramref name="now"/>: a late wake-up skips slots rather than bunching samples.</summary>
    private static DateTimeOffset Later(DateTimeOffset slot, TimeSpan interval, DateTimeOffset now)
    {
        slot += interval;
        if (slot <= now)
        {
            slot += interval * Math.Ceiling((now - slot) / interval);
            if (slot <= now)
            {
                slot += interval;
            }
        }

        return slot;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Gateway} starting against {Host}:{Port}; last telemetry seq {Seq}")]
    private static partial void LogStarting(ILogger logger, string gateway, string host, int port, long seq);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Gateway} stopped; {Pending} batches unsent")]
    private static partial void LogStopped(ILogger logger, string gateway, int pending);
}
