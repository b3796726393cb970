using Microsoft.Extensions.Logging;

namespace ColdChain.Edge.Outbox;

/// <summary>
/// The batches not yet acknowledged by the broker, oldest first, bounded. An entry leaves only when the uplink has its
/// PUBACK (<see cref="Remove"/>), so a publish that fails halfway is retried with the same seq after reconnect.
/// This is the one class the durable disk outbox of the edge issue replaces; until then a restart loses what is here.
/// </summary>
internal sealed partial class MemoryOutbox(int capacity, ILogger logger)
{
    /// <summary>At a 10 s publish interval, a bit more than a day offline.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly LinkedList<OutboxEntry> _entries = new();
    private readonly Lock _gate = new();

    // Capacity 1: any number of signals before a wait wake it once; the waiter re-checks the queue anyway.
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _dropped;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Entries pushed out by newer ones because the outbox was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public DateTimeOffset? OldestCreatedAt
    {
        get
        {
            lock (_gate)
            {
                return _entries.First?.Value.CreatedAt;
            }
        }
    }

    public void Enqueue(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        OutboxEntry? dropped = null;
        lock (_gate)
        {
            if (_entries.Count >= Capacity)
            {
                // Full: keep the newest data flowing. The durable outbox will make this far rarer (disk, not RAM).
                dropped = _entries.First!.Value;
                _entries.RemoveFirst();
                Interlocked.Increment(ref _dropped);
            }

            _entries.AddLast(entry);
        }

        if (dropped is not null)
        {
            LogDropped(logger, dropped.Kind, dropped.Seq, Capacity);
        }

        Wake();
    }

    public bool TryPeek(out OutboxEntry entry)
    {
        lock (_gate)
        {
            entry = _entries.First?.Value!;
            return entry is not null;
        }
    }

    /// <summary>Removes <paramref name="entry"/> once the broker has acknowledged it.</summary>
    public void Remove(OutboxEntry entry)
    {
        lock (_gate)
        {
            // Normally the head; if it was dropped for capacity meanwhile, there is nothing to remove.
            _entries.Remove(entry);
        }
    }

    public OutboxEntry[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    /// <summary>Wakes a waiter in <see cref="WaitAsync"/> (an entry arrived, or the connection changed).</summary>
    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Returns at once if there is work; otherwise when woken, or after <paramref name="timeout"/> by <paramref name="time"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Count > 0)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await _signal.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: the caller has periodic work (status refresh, a window to enter).
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox full ({Capacity} batches): dropped the oldest {Kind} batch seq {Seq}")]
    private static partial void LogDropped(ILogger logger, ColdChain.Protocol.Topics.TopicKind kind, long seq, int capacity);
}
