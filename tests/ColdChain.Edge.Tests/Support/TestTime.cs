namespace ColdChain.Edge.Tests.Support;

internal static class TestTime
{
    public static readonly TimeSpan Io = TimeSpan.FromSeconds(15);
}
