namespace ColdChain.Edge.Uplink;

/// <summary>
/// Exponential backoff with "equal jitter" (half fixed, half random), so a site's gateways that lost the broker together
/// do not all come back in the same millisecond. The random source is seeded by the caller: runs are reproducible.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan first, TimeSpan longest, Random random)
{
    public TimeSpan DelayFor(int failures)
    {
        var exponent = Math.Clamp(failures, 0, 30);
        var ceiling = Math.Min(longest.TotalMilliseconds, first.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = (ceiling / 2) + (random.NextDouble() * ceiling / 2);
        return TimeSpan.FromMilliseconds(jittered);
    }
}
