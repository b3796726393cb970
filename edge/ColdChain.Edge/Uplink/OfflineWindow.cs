namespace ColdChain.Edge.Uplink;

/// <summary>A span of time in which the uplink stays disconnected on purpose (the simulator's network loss).</summary>
internal readonly record struct OfflineWindow(DateTimeOffset From, DateTimeOffset Until)
{
    public bool Contains(DateTimeOffset at) => at >= From && at < Until;
}
