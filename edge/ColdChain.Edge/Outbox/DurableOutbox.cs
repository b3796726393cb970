using System.Globalization;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Topics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ColdChain.Edge.Outbox;

/// <summary>
/// The batches not yet acknowledged by the broker, oldest first, in one SQLite file (WAL). A batch counts only once its
/// transaction has committed, and its seq is taken in that same transaction, so a crash can neither lose a counted batch
/// nor leave a hole in the sequence. An entry leaves only when the uplink has its PUBACK (<see cref="Remove"/>).
/// Fsync policy and loss bounds: see README.md beside this file. Without a path the database lives in memory (the
/// platform's demo, tests): same code, no durability.
/// </summary>
internal sealed partial class DurableOutbox : IDisposable
{
    public const string FileName = "outbox.db";

    private readonly SqliteConnection _db;
    private readonly OutboxLimits _limits;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<GatewayEvent> _notices = [];
    private readonly Dictionary<TopicKind, long> _lastSeq = [];

    // Capacity 1: any number of signals before a wait wake it once; the waiter re-checks the queue anyway.
    private readonly SemaphoreSlim _signal = new(0, 1);
    private OutboxEntry? _head;
    private int _count;
    private long _bytes;
    private long _dropped;
    private long _refused;
    private bool _nearFull;

    private DurableOutbox(SqliteConnection db, string? path, OutboxLimits limits, ILogger logger)
    {
        _db = db;
        Path = path;
        _limits = limits;
        _logger = logger;
    }

    /// <summary>The database file, or null when the outbox lives in memory.</summary>
    public string? Path { get; }

    public OutboxLimits Limits => _limits;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Payload bytes held; what the quota counts.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Telemetry batches deleted to make room (<see cref="OutboxFullPolicy.DropOldest"/>).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Telemetry batches refused because the outbox was full (<see cref="OutboxFullPolicy.RejectNewest"/>).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public DateTimeOffset? OldestCreatedAt
    {
        get
        {
            lock (_gate)
            {
                return HeadLocked()?.CreatedAt;
            }
        }
    }

    /// <summary>Opens (or creates) the outbox at <paramref name="path"/>; null keeps it in memory.</summary>
    public static DurableOutbox Open(string? path, OutboxLimits limits, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        if (path is not null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        }

        try
        {
            return OpenOrThrow(path, limits, logger, seqFloor: 0);
        }
        catch (SqliteException e) when (path is not null && e.SqliteErrorCode is SqliteErrors.Corrupt or SqliteErrors.NotADatabase)
        {
            // A disk fault, not a torn write (WAL recovers those). Keep the damaged file for forensics and start afresh
            // above any seq the gateway can have used: no gateway sent more than one batch per millisecond since 1970.
            var aside = $"{path}.damaged-{time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
            File.Move(path, aside);
            var floor = time.GetUtcNow().ToUnixTimeMilliseconds();
            LogDamaged(logger, path, aside, floor);
            return OpenOrThrow(path, limits, logger, floor);
        }
    }

    /// <summary>
    /// Persists one batch: <paramref name="encode"/> gets the seq and returns the payload, both committed (fsync) in one
    /// transaction. Returns the seq, or null when the policy <see cref="OutboxFullPolicy.RejectNewest"/> refused it.
    /// </summary>
    public long? Append(TopicKind kind, DateTimeOffset createdAt, Func<long, byte[]> encode)
    {
        ArgumentNullException.ThrowIfNull(encode);
        long seq;
        lock (_gate)
        {
            seq = LastSeqLocked(kind) + 1;
            var payload = encode(seq);
            Sql.Execute(_db, "PRAGMA synchronous = FULL");
            using var transaction = _db.BeginTransaction();
            if (!MakeRoomLocked(kind, payload.Length, createdAt, transaction))
            {
                transaction.Rollback();
                return null;
            }

            Sql.Execute(_db, "INSERT INTO sequences (kind, last) VALUES ($kind, $seq) ON CONFLICT (kind) DO UPDATE SET last = $seq", transaction, ("$kind", (int)kind), ("$seq", seq));
            Sql.Execute(_db, "INSERT INTO outbox (kind, seq, created_at, payload) VALUES ($kind, $seq, $created, $payload)", transaction,
                ("$kind", (int)kind), ("$seq", seq), ("$created", createdAt.ToUnixTimeMilliseconds()), ("$payload", payload));
            transaction.Commit();
            _lastSeq[kind] = seq;
            _count++;
            _bytes += payload.Length;
            CheckNearFullLocked(createdAt);
        }

        Wake();
        return seq;
    }

    /// <summary>The last seq handed out for <paramref name="kind"/> (0 before the first); kept across restarts.</summary>
    public long LastSeq(TopicKind kind)
    {
        lock (_gate)
        {
            return LastSeqLocked(kind);
        }
    }

    public bool TryPeek(out OutboxEntry entry)
    {
        lock (_gate)
        {
            entry = HeadLocked()!;
            return entry is not null;
        }
    }

    /// <summary>Deletes <paramref name="entry"/> once the broker has acknowledged it (a no-op if the quota policy dropped it meanwhile).</summary>
    public void Remove(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            // Not fsynced on its own: the next Append's fsync carries it. A power cut before then resends the batch
            // (a duplicate the receiver drops by seq), it never loses one.
            Sql.Execute(_db, "PRAGMA synchronous = NORMAL");
            if (Sql.Execute(_db, "DELETE FROM outbox WHERE id = $id", null, ("$id", entry.Id)) == 1)
            {
                _count--;
                _bytes -= entry.Payload.Length;
            }

            if (_head?.Id == entry.Id)
            {
                _head = null;
            }

            if (_nearFull && Fill() < _limits.NearFullClearFraction)
            {
                _nearFull = false;
            }
        }
    }

    /// <summary>Events the outbox itself has to report (<c>buffer_near_full</c>); the gateway puts them in its next events batch.</summary>
    public IReadOnlyList<GatewayEvent> TakeNotices()
    {
        lock (_gate)
        {
            var taken = _notices.ToArray();
            _notices.Clear();
            return taken;
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

    public void Dispose()
    {
        lock (_gate)
        {
            _db.Dispose();
        }

        _signal.Dispose();
    }

    private static DurableOutbox OpenOrThrow(string? path, OutboxLimits limits, ILogger logger, long seqFloor)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path ?? ":memory:",
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Sql.Execute(connection, "PRAGMA journal_mode = WAL");
            Sql.Execute(connection, "PRAGMA synchronous = FULL");
            Sql.Execute(connection, "PRAGMA busy_timeout = 5000");
            Sql.Execute(connection, """
                CREATE TABLE IF NOT EXISTS outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    payload BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS sequences (kind INTEGER PRIMARY KEY, last INTEGER NOT NULL);
                """);
            var outbox = new DurableOutbox(connection, path, limits, logger);
            outbox.LoadLocked(seqFloor);
            return outbox;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void LoadLocked(long seqFloor)
    {
        Sql.Read(_db, "SELECT kind, last FROM sequences", null, reader =>
        {
            while (reader.Read())
            {
                _lastSeq[(TopicKind)reader.GetInt32(0)] = reader.GetInt64(1);
            }

            return 0;
        });

        foreach (var kind in new[] { TopicKind.Telemetry, TopicKind.Events })
        {
            if (LastSeqLocked(kind) < seqFloor)
            {
                _lastSeq[kind] = seqFloor;
            }
        }

        (_count, _bytes) = Sql.Read(_db, "SELECT count(*), coalesce(sum(length(payload)), 0) FROM outbox", null, r =>
        {
            r.Read();
            return (r.GetInt32(0), r.GetInt64(1));
        });
        _nearFull = Fill() >= _limits.NearFullFraction;
    }

    private long LastSeqLocked(TopicKind kind) => _lastSeq.GetValueOrDefault(kind);

    private OutboxEntry? HeadLocked()
    {
        if (_head is null && _count > 0)
        {
            _head = Sql.Read(_db, "SELECT id, kind, seq, created_at, payload FROM outbox ORDER BY id LIMIT 1", null, r => r.Read()
                ? new OutboxEntry(r.GetInt64(0), (TopicKind)r.GetInt32(1), r.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), (byte[])r.GetValue(4))
                : null);
        }

        return _head;
    }

    private double Fill() => Math.Max((double)_bytes / _limits.MaxBytes, (double)_count / _limits.MaxBatches);

    private bool Fits(int payloadBytes) => _count + 1 <= _limits.MaxBatches && _bytes + payloadBytes <= _limits.MaxBytes;

    /// <summary>Applies the full policy to a telemetry batch that does not fit. Events always go in: they are few and small, and they explain the gap.</summary>
    private bool MakeRoomLocked(TopicKind kind, int payloadBytes, DateTimeOffset now, SqliteTransaction transaction)
    {
        if (kind != TopicKind.Telemetry || Fits(payloadBytes))
        {
            return true;
        }

        if (_limits.FullPolicy == OutboxFullPolicy.RejectNewest)
        {
            Interlocked.Increment(ref _refused);
            Notice(now, $"outbox full ({_count} batches, {_bytes} of {_limits.MaxBytes} bytes): refused a new telemetry batch (policy RejectNewest)");
            LogRefused(_logger, _count, _bytes);
            return false;
        }

        long? first = null;
        long last = 0;
        var dropped = 0;
        while (!Fits(payloadBytes))
        {
            var oldest = Sql.Read(_db, "SELECT id, seq, length(payload) FROM outbox WHERE kind = $kind ORDER BY id LIMIT 1", transaction,
                r => r.Read() ? (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)) : ((long, long, long)?)null, ("$kind", (int)TopicKind.Telemetry));
            if (oldest is not { } found)
            {
                break;
            }

            var (id, seq, length) = found;
            Sql.Execute(_db, "DELETE FROM outbox WHERE id = $id", transaction, ("$id", id));
            first ??= seq;
            last = seq;
            dropped++;
            _count--;
            _bytes -= length;
            if (_head?.Id == id)
            {
                _head = null;
            }
        }

        if (dropped > 0)
        {
            Interlocked.Add(ref _dropped, dropped);
            Notice(now, $"outbox full: dropped {dropped} oldest telemetry batches, seq {first}–{last} (policy DropOldest)");
            LogDropped(_logger, dropped, first!.Value, last);
        }

        return true;
    }

    private void CheckNearFullLocked(DateTimeOffset now)
    {
        var fill = Fill();
        if (!_nearFull && fill >= _limits.NearFullFraction)
        {
            _nearFull = true;
            Notice(now, $"outbox at {fill:P0} of its quota ({_count} batches, {_bytes} of {_limits.MaxBytes} bytes); policy when full: {_limits.FullPolicy}");
            LogNearFull(_logger, fill, _count, _bytes);
        }
    }

    private void Notice(DateTimeOffset now, string detail) =>
        _notices.Add(new GatewayEvent { Type = GatewayEventType.BufferNearFull, Time = now, Detail = detail });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox at {Fill:P0} of its quota ({Count} batches, {Bytes} bytes)")]
    private static partial void LogNearFull(ILogger logger, double fill, int count, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox full: dropped {Dropped} oldest telemetry batches, seq {First} to {Last}")]
    private static partial void LogDropped(ILogger logger, int dropped, long first, long last);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox full ({Count} batches, {Bytes} bytes): refused a new telemetry batch")]
    private static partial void LogRefused(ILogger logger, int count, long bytes);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Outbox {Path} is damaged; moved to {Aside}, continuing from seq {Floor} so that no sequence number is reused")]
    private static partial void LogDamaged(ILogger logger, string path, string aside, long floor);
}
