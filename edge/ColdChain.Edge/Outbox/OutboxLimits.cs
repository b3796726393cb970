namespace ColdChain.Edge.Outbox;

/// <summary>How much the outbox may hold, and when it warns.</summary>
internal sealed record OutboxLimits
{
    /// <summary>256 MiB: at 64 sensors every 30 s a telemetry batch is ~8 KB, so about three weeks offline.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    public const int DefaultMaxBatches = 1_000_000;

    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public int MaxBatches { get; init; } = DefaultMaxBatches;

    /// <summary>At this share of either limit a <c>buffer_near_full</c> event goes out (once per crossing).</summary>
    public double NearFullFraction { get; init; } = 0.8;

    /// <summary>The warning re-arms only below this share, so a level hovering at the threshold does not chatter.</summary>
    public double NearFullClearFraction { get; init; } = 0.7;

    public OutboxFullPolicy FullPolicy { get; init; } = OutboxFullPolicy.DropOldest;

    public static OutboxLimits Default { get; } = new();
}
