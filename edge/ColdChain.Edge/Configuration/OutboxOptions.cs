using ColdChain.Edge.Outbox;

namespace ColdChain.Edge.Configuration;

/// <summary><c>Gateway:Outbox</c> (see Outbox/README.md for the policy).</summary>
internal sealed class OutboxOptions
{
    public long MaxBytes { get; set; } = OutboxLimits.DefaultMaxBytes;

    public int MaxBatches { get; set; } = OutboxLimits.DefaultMaxBatches;

    public OutboxFullPolicy FullPolicy { get; set; } = OutboxFullPolicy.DropOldest;

    public IEnumerable<string> Problems()
    {
        if (MaxBytes < 64 * 1024)
        {
            yield return $"MaxBytes {MaxBytes} is below 65536: a single batch may not fit";
        }

        if (MaxBatches < 10)
        {
            yield return $"MaxBatches {MaxBatches} must be at least 10";
        }

        if (!Enum.IsDefined(FullPolicy))
        {
            yield return "FullPolicy must be DropOldest or RejectNewest";
        }
    }
}
