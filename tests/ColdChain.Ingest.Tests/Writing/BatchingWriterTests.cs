using System.Diagnostics.Metrics;
using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Writing;
using ColdChain.Protocol.Telemetry;
using ColdChain.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Ingest.Tests.Writing;

/// <summary>The batching writer with in-memory stores and a fake clock: batching, acknowledgement after write, outages.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class BatchingWriterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryStores _stores = new();
    private ServiceProvider _services = null!;
    private int _acknowledged;

    [SetUp]
    public void CreateMeters() => _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [TearDown]
    public void DisposeMeters() => _services.Dispose();

    [Test]
    public async Task A_full_batch_is_written_in_one_write_and_acknowledged_after_it_without_waiting_for_the_delay()
    {
        await using var writer = await StartAsync(new WriterOptions { MaxBatchMessages = 3, MaxBatchDelay = TimeSpan.FromMinutes(1) });
        _stores.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        for (var i = 0; i < 3; i++)
        {
            await writer.Writer.EnqueueAsync(Message(i, readings: 10), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => _stores.Writing == 1, Patience, "the batch being written");
        Assert.That(Volatile.Read(ref _acknowledged), Is.Zero, "nothing is acknowledged before the store has it");
        _stores.Gate.SetResult();

        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 3, Patience, "three acknowledgements");
        Assert.That(_stores.Writes.Select(w => w.Count), Is.EqualTo(new[] { 30 }));
    }

    [Test]
    public async Task A_lone_message_is_written_when_the_batch_delay_has_passed()
    {
        var delay = TimeSpan.FromMilliseconds(50);
        await using var writer = await StartAsync(new WriterOptions { MaxBatchDelay = delay });

        await writer.Writer.EnqueueAsync(Message(0, readings: 5), CancellationToken.None);
        await Eventually.TrueAsync(() => writer.Writer.Queued == 0, Patience, "the message taken into a batch");
        Assert.That(_stores.Writes, Is.Empty, "the batch waits for more until its delay has passed");

        _time.Advance(delay);

        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 1, Patience, "the message acknowledged");
        Assert.That(_stores.StoredReadings, Is.EqualTo(5));
    }

    [Test]
    public async Task During_a_store_outage_nothing_is_acknowledged_and_everything_is_once_the_store_is_back()
    {
        await using var writer = await StartAsync(new WriterOptions
        {
            MaxBatchMessages = 4,
            MaxBatchDelay = TimeSpan.FromMilliseconds(10),
            BreakDuration = TimeSpan.FromMilliseconds(500),
            MaxHoldDelay = TimeSpan.FromSeconds(1),
        });
        _stores.Down = true;
        for (var i = 0; i < 10; i++)
        {
            await writer.Writer.EnqueueAsync(Message(i, readings: 2), CancellationToken.None);
        }

        await AdvanceUntilAsync(() => Volatile.Read(ref _stores.Attempts) >= 8, "eight failed attempts");
        Assert.That(Volatile.Read(ref _acknowledged), Is.Zero);
        Assert.That(writer.Writer.IsStoreAvailable, Is.False);

        _stores.Down = false;

        await AdvanceUntilAsync(() => Volatile.Read(ref _acknowledged) == 10, "all ten acknowledged");
        Assert.That(_stores.StoredReadings, Is.EqualTo(20));
        Assert.That(writer.Writer.IsStoreAvailable, Is.True);
    }

    [Test]
    public async Task During_a_store_outage_the_queue_fills_and_then_holds_the_receiver_back()
    {
        // Receive maximum 4, one batch of 2 in flight: 2 held in the batch + 4 queued, and the 7th must wait.
        await using var writer = await StartAsync(new WriterOptions { MaxBatchMessages = 2, MaxBatchesInFlight = 1, MaxBatchDelay = TimeSpan.FromMilliseconds(10) }, receiveMaximum: 4);
        _stores.Down = true;
        for (var i = 0; i < 6; i++)
        {
            await writer.Writer.EnqueueAsync(Message(i, readings: 1), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => writer.Writer.Queued == 4, Patience, "four queued behind the held batch");
        var seventh = writer.Writer.EnqueueAsync(Message(6, readings: 1), CancellationToken.None).AsTask();
        Assert.That(seventh.IsCompleted, Is.False, "the receiver waits while the queue is full");

        _stores.Down = false;

        await AdvanceUntilAsync(() => seventh.IsCompleted && Volatile.Read(ref _acknowledged) == 7, "all seven acknowledged");
    }

    [Test]
    public async Task No_more_than_the_configured_number_of_batches_are_written_at_once()
    {
        await using var writer = await StartAsync(new WriterOptions { MaxBatchMessages = 1, MaxBatchesInFlight = 2 });
        _stores.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < 6; i++)
        {
            await writer.Writer.EnqueueAsync(Message(i, readings: 1), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => _stores.Writing == 2, Patience, "two batches being written");
        _stores.Gate.SetResult();

        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 6, Patience, "all six acknowledged");
        Assert.That(_stores.MaxWriting, Is.EqualTo(2));
    }

    [Test]
    public async Task A_message_the_store_refuses_for_good_is_dead_lettered_and_the_rest_of_its_batch_is_stored()
    {
        var stores = new InMemoryStores { PoisonSensor = "poison" };
        await using var writer = await StartAsync(new WriterOptions { MaxBatchMessages = 3, MaxBatchDelay = TimeSpan.FromMinutes(1) }, stores: stores);

        await writer.Writer.EnqueueAsync(Message(0, readings: 2), CancellationToken.None);
        await writer.Writer.EnqueueAsync(Message(1, readings: 2, sensor: "poison"), CancellationToken.None);
        await writer.Writer.EnqueueAsync(Message(2, readings: 2), CancellationToken.None);

        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 3, Patience, "all three acknowledged");
        Assert.That(stores.StoredReadings, Is.EqualTo(4));
        Assert.That(stores.DeadLetters.Select(d => (d.Topic, d.Reason)), Is.EqualTo(new[] { ("topic/1", "store_refused") }));
    }

    [Test]
    public async Task Dead_letters_and_batch_receipts_are_stored_before_their_message_is_acknowledged()
    {
        await using var writer = await StartAsync(new WriterOptions { MaxBatchMessages = 2, MaxBatchDelay = TimeSpan.FromMinutes(1) });
        var seenAtAcknowledgement = new List<(int DeadLetters, int Receipts)>();
        var letter = DeadLetter.Create(T0, "topic/bad", "site", "gw", "invalid", "readings: must hold at least one reading", "{}"u8);

        await writer.Writer.EnqueueAsync(new PendingMessage("topic/bad", [], letter, null, Remember), CancellationToken.None);
        await writer.Writer.EnqueueAsync(Message(1, readings: 1), CancellationToken.None);

        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 1, Patience, "the refused message acknowledged");
        Assert.That(seenAtAcknowledgement, Is.EqualTo(new[] { (1, 1) }));

        Task Remember(CancellationToken cancellationToken)
        {
            seenAtAcknowledgement.Add((_stores.DeadLetters.Count, _stores.Receipts.Count));
            return Task.CompletedTask;
        }
    }

    private PendingMessage Message(int seq, int readings, string sensor = "probe")
    {
        var time = T0.AddMinutes(-1);
        var list = Enumerable.Range(0, readings)
            .Select(i => new StoredReading("site", "gw", "room", $"{sensor}-{i}", Quantity.Temperature, time, 3.5, ReadingStatus.Ok))
            .ToList();
        return new PendingMessage($"topic/{seq}", list, null, new BatchReceipt("site", "gw", seq, time, time), Acknowledge) { NewestReading = time };
    }

    private Task Acknowledge(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _acknowledged);
        return Task.CompletedTask;
    }

    /// <summary>Moves the fake clock on in small steps until the writer's retries and holds have done their work.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not happen within {Patience}");
            }

            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
            await Task.Delay(1, CancellationToken.None);
        }
    }

    private async Task<RunningWriter> StartAsync(WriterOptions options, int receiveMaximum = 1000, InMemoryStores? stores = null)
    {
        stores ??= _stores;
        var ingest = new IngestOptions { ReceiveMaximum = receiveMaximum, Writer = options };
        var writer = new BatchingWriter(
            Options.Create(ingest), stores, stores, stores, stores, new IngestMetrics(_services.GetRequiredService<IMeterFactory>()), _time, NullLogger<BatchingWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return new RunningWriter(writer);
    }

    private sealed class RunningWriter(BatchingWriter writer) : IAsyncDisposable
    {
        public BatchingWriter Writer => writer;

        public async ValueTask DisposeAsync()
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
        }
    }
}
