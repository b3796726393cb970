using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Audit;

/// <summary>
/// Appends to the hash chain. The entry is saved in the same <c>SaveChanges</c> as the change it records, so a change
/// is never stored without its entry. Appends are serialized in-process; across processes the sequence number is the
/// primary key, so two writers racing for the same number cannot both win and the loser retries.
/// </summary>
public sealed partial class AuditTrail(TimeProvider time, ILogger<AuditTrail> logger)
{
    private const int MaxAttempts = 5;
    private readonly SemaphoreSlim _gate = new(1, 1);

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
                    return entry;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts && db.Entry(entry).State == EntityState.Added)
                {
                    // Another instance took this sequence number: chain onto its entry instead.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entry {Sequence} was taken by another writer; retrying")]
    private partial void LogRetry(long sequence);
}
