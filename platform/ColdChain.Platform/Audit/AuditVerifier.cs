using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Audit;

/// <summary>
/// Walks the whole chain: numbering without gaps, each link to the previous hash, each hash over its content. A gap is
/// accepted only where retention purges recorded in the chain removed exactly those entries (the walk continues from
/// the hash they recorded); the walk ends at the head kept outside the database (if given), so entries deleted at the
/// end are named too.
/// </summary>
public static class AuditVerifier
{
    public sealed record Result(long Checked, long? BrokenAt, string? Problem)
    {
        public bool Intact => BrokenAt is null;
    }

    public static Task<Result> VerifyAsync(PlatformDbContext db, CancellationToken cancellationToken) => VerifyAsync(db, head: null, cancellationToken);

    public static async Task<Result> VerifyAsync(PlatformDbContext db, AuditHead? head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var expectedSequence = 1L;
        var previousHash = AuditChain.GenesisHash;
        var removed = await AuditRetention.RemovedRunsAsync(db, cancellationToken);
        var count = 0L;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            // Step over what purges removed: run after run, exactly up to this entry.
            while (entry.Sequence > expectedSequence && removed.TryGetValue(expectedSequence, out var run) && run.To < entry.Sequence)
            {
                expectedSequence = run.To + 1;
                previousHash = run.LastHash;
            }

            if (entry.Sequence != expectedSequence)
            {
                return entry.Sequence > expectedSequence
                    ? new Result(count, expectedSequence, $"entry {expectedSequence} is missing (deleted); the next entry is {entry.Sequence}")
                    : new Result(count, entry.Sequence, $"entry {entry.Sequence} is out of order (inserted)");
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return new Result(count, entry.Sequence, $"entry {entry.Sequence} does not link to entry {entry.Sequence - 1} (inserted or replaced)");
            }

            if (!string.Equals(entry.Hash, AuditChain.ComputeHash(previousHash, entry), StringComparison.Ordinal))
            {
                return new Result(count, entry.Sequence, $"entry {entry.Sequence} does not match its hash (edited)");
            }

            if (head is not null && entry.Sequence == head.Sequence && !string.Equals(entry.Hash, head.Hash, StringComparison.Ordinal))
            {
                return new Result(count, entry.Sequence, $"entry {entry.Sequence} differs from the head recorded outside the database (replaced)");
            }

            previousHash = entry.Hash;
            expectedSequence++;
            count++;
        }

        if (head is not null && head.Sequence >= expectedSequence)
        {
            return head.Sequence < 0
                ? new Result(count, expectedSequence, "the head file outside the database is unreadable")
                : new Result(count, expectedSequence, $"entries {expectedSequence} to {head.Sequence} are missing at the end (truncated): the head recorded outside the database names entry {head.Sequence}");
        }

        return new Result(count, null, null);
    }
}
