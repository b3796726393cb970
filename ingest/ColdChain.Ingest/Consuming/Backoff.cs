namespace ColdChain.Ingest.Consuming;

/// <summary>Exponential backoff with jitter, so N instances that lost the same broker do not return in lockstep.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan first, TimeSpan max)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = Math.Min(first.Ticks * Math.Pow(2, exponent), max.Ticks);

        // ±20 % jitter, never above the max.
        var jittered = ticks * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromTicks((long)Math.Min(jittered, max.Ticks));
    }
}
