namespace ColdChain.Ingest.Storage;

/// <summary>Both stores keep time as Unix milliseconds, UTC: the precision the wire carries.</summary>
internal static class StoreTime
{
    /// <summary>A reading's time as stored: sub-millisecond ticks are dropped, as on the wire.</summary>
    public static long ToMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>
    /// A query bound rounded up to the next whole millisecond. Stored times are whole milliseconds, so for both ends
    /// of [from, to) "t ≥ bound" and "t &lt; bound" keep their meaning when the bound is rounded up.
    /// </summary>
    public static long BoundToMilliseconds(DateTimeOffset bound)
    {
        var ms = bound.ToUnixTimeMilliseconds();
        var exact = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return exact < bound ? ms + 1 : ms;
    }

    public static DateTimeOffset FromMilliseconds(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
