using System.Text;
using System.Threading.Channels;
using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace ColdChain.Ingest.Writing;

/// <summary>
/// Gathers received messages into store writes (by size or after a short delay), writes at most
/// <see cref="WriterOptions.MaxBatchesInFlight"/> batches at once, and acknowledges each message only after its readings,
/// dead letter and receipt are all stored. During a store outage a batch is held and retried, never dropped: its
/// messages stay unacknowledged, the queue in front fills, the MQTT handler waits, and the broker — which sends no more
/// than the receive maximum unacknowledged — keeps the rest. Memory is bounded by the receive maximum.
/// </summary>
internal sealed class BatchingWriter : BackgroundService
{
    private readonly WriterOptions _options;
    private readonly ITelemetryStore _store;
    private readonly IDeadLetterStore _deadLetters;
    private readonly ISequenceLedger _ledger;
    private readonly IGatewayHealthStore _gatewayHealth;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<BatchingWriter> _logger;
    private readonly Channel<PendingMessage> _queue;
    private readonly SemaphoreSlim _inFlight;
    private readonly ResiliencePipeline _pipeline;
    private readonly RecentSequences _recent = new();
    private volatile bool _holding;

    public BatchingWriter(
        IOptions<IngestOptions> options,
        ITelemetryStore store,
        IDeadLetterStore deadLetters,
        ISequenceLedger ledger,
        IGatewayHealthStore gatewayHealth,
        IngestMetrics metrics,
        TimeProvider time,
        ILogger<BatchingWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Writer;
        _store = store;
        _deadLetters = deadLetters;
        _ledger = ledger;
        _gatewayHealth = gatewayHealth;
        _metrics = metrics;
        _time = time;
        _logger = logger;

        // The broker never has more than ReceiveMaximum unacknowledged messages out to us, so this bound is never the
        // one that bites in practice; it is here so that memory stays bounded even if that promise were broken.
        _queue = Channel.CreateBounded<PendingMessage>(new BoundedChannelOptions(options.Value.ReceiveMaximum)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _inFlight = new SemaphoreSlim(_options.MaxBatchesInFlight, _options.MaxBatchesInFlight);
        _pipeline = StoreResilience.Build(_options, time, metrics, logger);
        metrics.ObserveStore(() => !_holding);
    }

    /// <summary>False while a batch is held because the store is unavailable (for readiness checks).</summary>
    public bool IsStoreAvailable => !_holding;

    /// <summary>Messages received and not yet in a batch being written.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Waits while the queue is full: that wait is the back-pressure that reaches the broker.</summary>
    public ValueTask EnqueueAsync(PendingMessage message, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(message, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                // A free slot first, then gather: under load the queue fills while we wait, so batches leave full.
                await _inFlight.WaitAsync(stoppingToken);
                var batch = await GatherAsync(stoppingToken);
                _ = FlushAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: batches not yet stored stay unacknowledged; the broker redelivers them to the next session.
        }
    }

    private async Task<List<PendingMessage>> GatherAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<PendingMessage>();
        var readings = 0;
        PendingMessage? first;
        while (!reader.TryRead(out first))
        {
            await reader.WaitToReadAsync(stoppingToken);
        }

        Add(first);
        using var delay = new CancellationTokenSource(_options.MaxBatchDelay, _time);
        using var until = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, delay.Token);
        while (batch.Count < _options.MaxBatchMessages && readings < _options.MaxBatchReadings)
        {
            if (reader.TryRead(out var next))
            {
                Add(next);
                continue;
            }

            try
            {
                await reader.WaitToReadAsync(until.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                break; // the batch's time is up
            }
        }

        return batch;

        void Add(PendingMessage message)
        {
            batch.Add(message);
            readings += message.Readings.Count;
        }
    }

    private async Task FlushAsync(List<PendingMessage> batch, CancellationToken stoppingToken)
    {
        try
        {
            await WriteUntilStoredAsync(batch, stoppingToken);
            var now = _time.GetUtcNow();
            foreach (var message in batch)
            {
                if (message.NewestReading is { } newest)
                {
                    _metrics.Latency(now - newest);
                }

                await AcknowledgeAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: left unacknowledged on purpose.
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>Tries until stored: quick retries inside the pipeline, then ever longer waits while the store is down.</summary>
    private async Task WriteUntilStoredAsync(List<PendingMessage> batch, CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (true)
        {
            try
            {
                await WriteAsync(batch, stoppingToken);
                _holding = false;
                return;
            }
            catch (Exception e) when (StoreFailures.IsRefusedForGood(e))
            {
                WriterLog.Splitting(_logger, batch.Count, e);
                await WriteOneByOneAsync(batch, stoppingToken);
                _holding = false;
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything else (an outage, an open circuit, a timeout) passes: hold the batch and try again. A batch
                // given up here would leave its messages unacknowledged until the next reconnect.
                _holding = true;
                _metrics.StoreFailed();
                var wait = Backoff.Delay(++attempt, _options.RetryDelay, _options.MaxHoldDelay);
                WriterLog.Holding(_logger, batch.Count, wait, e);
                await Task.Delay(wait, _time, stoppingToken);
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<PendingMessage> batch, CancellationToken cancellationToken)
    {
        var readings = new List<StoredReading>(batch.Sum(m => m.Readings.Count));
        var deadLetters = new List<DeadLetter>();
        var receipts = new List<BatchReceipt>();
        var observations = new List<GatewayObservation>();
        foreach (var message in batch)
        {
            readings.AddRange(message.Readings);
            observations.AddRange(message.Observations);
            if (message.DeadLetter is { } letter)
            {
                deadLetters.Add(letter);
            }

            if (message.Receipt is { } receipt)
            {
                receipts.Add(receipt);
            }
        }

        // Readings first: a receipt must never claim a batch whose readings are not stored.
        if (readings.Count > 0)
        {
            var started = _time.GetTimestamp();
            await _pipeline.ExecuteAsync(static (state, ct) => new ValueTask(state._store.WriteAsync(state.readings, ct)), (_store, readings), cancellationToken);
            _metrics.BatchWritten(readings.Count, _time.GetElapsedTime(started));
        }

        if (observations.Count > 0)
        {
            await _pipeline.ExecuteAsync(static (state, ct) => new ValueTask(state._gatewayHealth.WriteAsync(state.observations, ct)), (_gatewayHealth, observations), cancellationToken);
            _metrics.GatewayObservationsStored(observations.Count);
        }

        if (deadLetters.Count > 0)
        {
            await _pipeline.ExecuteAsync(static (state, ct) => new ValueTask(state._deadLetters.WriteAsync(state.deadLetters, ct)), (_deadLetters, deadLetters), cancellationToken);
        }

        if (receipts.Count > 0)
        {
            await _pipeline.ExecuteAsync(static (state, ct) => new ValueTask(state._ledger.RecordAsync(state.receipts, ct)), (_ledger, receipts), cancellationToken);
        }

        _metrics.Stored(readings.Count);
        foreach (var letter in deadLetters)
        {
            _metrics.DeadLettered(letter.Reason);
        }

        foreach (var receipt in receipts)
        {
            if (_recent.SeenBefore(receipt))
            {
                _metrics.Duplicate();
            }
        }

        WriterLog.BatchStored(_logger, batch.Count, readings.Count, deadLetters.Count);
    }

    /// <summary>
    /// The store refused a whole batch for good: write message by message so the good ones are stored and the one the
    /// store refuses is dead-lettered (with its readings as text: the raw MQTT payload is not kept past decoding).
    /// </summary>
    private async Task WriteOneByOneAsync(List<PendingMessage> batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await WriteAsync([batch[i]], cancellationToken);
            }
            catch (Exception e) when (StoreFailures.IsRefusedForGood(e))
            {
                WriterLog.RefusedForGood(_logger, batch[i].Topic, e);
                var refused = batch[i];
                var lines = new StringBuilder();
                foreach (var reading in refused.Readings)
                {
                    lines.Append(reading.ToString()).Append('\n');
                }

                var letter = DeadLetter.Create(
                    _time.GetUtcNow(), refused.Topic, refused.Receipt?.Site, refused.Receipt?.Gateway, "store_refused", e.Message, Encoding.UTF8.GetBytes(lines.ToString()));
                batch[i] = refused with { Readings = [], Receipt = null, DeadLetter = letter, Observations = [] };
                await WriteAsync([batch[i]], cancellationToken);
            }
        }
    }

    private async Task AcknowledgeAsync(PendingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await message.Acknowledge(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The connection went away between the write and the PUBACK: the broker redelivers and the write repeats
            // itself harmlessly (writes are idempotent).
            WriterLog.AcknowledgeFailed(_logger, message.Topic, e);
        }
    }
}
