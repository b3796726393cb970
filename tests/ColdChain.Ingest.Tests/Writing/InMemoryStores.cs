using System.Collections.Concurrent;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;

namespace ColdChain.Ingest.Tests.Writing;

/// <summary>The four stores the writer feeds, in memory, with a switchable outage and a gate to hold writes open.</summary>
internal sealed class InMemoryStores : ITelemetryStore, IDeadLetterStore, ISequenceLedger, IGatewayHealthStore
{
    private int _writing;
    private int _maxWriting;

    public ConcurrentQueue<IReadOnlyCollection<StoredReading>> Writes { get; } = new();

    public ConcurrentQueue<DeadLetter> DeadLetters { get; } = new();

    public ConcurrentQueue<BatchReceipt> Receipts { get; } = new();

    public ConcurrentQueue<GatewayObservation> Observations { get; } = new();

    /// <summary>While true every write fails as an outage would.</summary>
    public volatile bool Down;

    /// <summary>When set, writes wait for it: to see how many run at once.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Readings the store refuses for good (InfluxDB's 400): those whose sensor starts with this.</summary>
    public string? PoisonSensor { get; init; }

    public int Attempts;

    public int Writing => Volatile.Read(ref _writing);

    public int MaxWriting => Volatile.Read(ref _maxWriting);

    public int StoredReadings => Writes.Sum(w => w.Count);

    public async Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        var now = Interlocked.Increment(ref _writing);
        InterlockedMax(ref _maxWriting, now);
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Down)
            {
                throw new HttpRequestException("connection refused");
            }

            if (PoisonSensor is { } poison && readings.Any(r => r.Sensor.StartsWith(poison, StringComparison.Ordinal)))
            {
                throw new ColdChain.Ingest.Storage.Influx.InfluxException("field type conflict", System.Net.HttpStatusCode.BadRequest);
            }

            Writes.Enqueue([.. readings]);
        }
        finally
        {
            Interlocked.Decrement(ref _writing);
        }
    }

    public Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(!Down);

    Task IDeadLetterStore.WriteAsync(IReadOnlyCollection<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new HttpRequestException("connection refused");
        }

        foreach (var letter in deadLetters)
        {
            DeadLetters.Enqueue(letter);
        }

        return Task.CompletedTask;
    }

    public Task<DeadLetterPage> QueryAsync(DeadLetterQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RecordAsync(IReadOnlyCollection<BatchReceipt> receipts, CancellationToken cancellationToken)
    {
        foreach (var receipt in receipts)
        {
            Receipts.Enqueue(receipt);
        }

        return Task.CompletedTask;
    }

    Task IGatewayHealthStore.WriteAsync(IReadOnlyCollection<GatewayObservation> observations, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new HttpRequestException("connection refused");
        }

        foreach (var observation in observations)
        {
            Observations.Enqueue(observation);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<GatewayObservation>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? gateway, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<CoverageGap>> GapsAsync(GapQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
