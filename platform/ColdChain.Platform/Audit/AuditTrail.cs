using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Audit;

/// <summary>
/// Appends to the hash chain. The entry is saved in the same <c>SaveChanges</c> as the change it records, so a change
/// is never stored without its entry. Appends are serialized in-process; across processes the sequence number is the
/// primary key, so two writers racing for the same number cannot both win and the loser retries. After each append
/// the chain's head (sequence, hash) is written to a file apart from the database (<see cref="AuditHead"/>); inside a
/// caller's transaction that waits for the caller's <see cref="WriteHeadAsync"/> after the commit.
/// </summary>
public sealed partial class AuditTrail(TimeProvider time, IOptions<AuditOptions> options, ILogger<AuditTrail> logger)
{
    private const int MaxAttempts = 5;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _headWritten = -1;

    /// <summary>Records one entry and saves every pending change of <paramref name="db"/> with it.</summary>
    public async Task<AuditEntry> RecordAsync(PlatformDbContext db, AuditActor actor, string action, string entity, string entityId,
        object? oldValues = null, object? newValues = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var last = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
                var entry = new AuditEntry
                {
                    Sequence = (last?.Sequence ?? 0) + 1,
                    Time = AuditChain.Truncate(time.GetUtcNow()),
                    ActorKind = actor.Kind,
                    Actor = actor.Name,
                    Action = action,
                    Entity = entity,
                    EntityId = entityId,
                    OldValues = AuditJson.Serialize(oldValues),
                    NewValues = AuditJson.Serialize(newValues),
                    Reason = reason,
                    SourceAddress = actor.SourceAddress,
                    PreviousHash = last?.Hash ?? AuditChain.GenesisHash,
                };
                entry.Hash = AuditChain.ComputeHash(entry.PreviousHash, entry);
                db.AuditEntries.Add(entry);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    if (db.Database.CurrentTransaction is null)
                    {
                        WriteHead(entry.Sequence, entry.Hash);
                    }

                    return entry;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts && db.Entry(entry).State == EntityState.Added && db.Database.CurrentTransaction is null)
                {
                    // Another instance took this sequence number: chain onto its entry instead. Not inside a caller's
                    // transaction: PostgreSQL has aborted it, so the caller's whole change must fail and be retried.
                    db.Entry(entry).State = EntityState.Detached;
                    LogRetry(entry.Sequence);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a commit that recorded entries inside a transaction: moves the head file to the committed tail.</summary>
    public async Task WriteHeadAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (last is not null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                WriteHead(last.Sequence, last.Hash);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Never backwards: another writer (or this one) may already have written a later head.</summary>
    private void WriteHead(long sequence, string hash)
    {
        var path = options.Value.HeadFile!;
        try
        {
            if (_headWritten < 0)
            {
                _headWritten = AuditHead.Read(path)?.Sequence ?? 0;
            }

            if (sequence > _headWritten)
            {
                new AuditHead(sequence, hash).Write(path);
                _headWritten = sequence;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The entry is committed; a head that lags is safe (verify checks the entry it names), a lost change is not.
            LogHeadNotWritten(path, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit head file {Path} could not be written: {Reason}")]
    private partial void LogHeadNotWritten(string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entry {Sequence} was taken by another writer; retrying")]
    private partial void LogRetry(long sequence);
}
