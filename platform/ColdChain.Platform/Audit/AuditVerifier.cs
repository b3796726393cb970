using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Audit;

/// <summary>Walks the whole chain: numbering without gaps, each link to the previous hash, each hash over its content.</summary>
public static class AuditVerifier
{
    public sealed record Result(long Checked, long? BrokenAt, string? Problem)
    {
        public bool Intact => BrokenAt is null;
    }

    public static async Task<Result> VerifyAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        var expectedSequence = 1L;
        var previousHash = AuditChain.GenesisHash;
        var count = 0L;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
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

            previousHash = entry.Hash;
            expectedSequence++;
            count++;
        }

        return new Result(count, null, null);
    }
}
