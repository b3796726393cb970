namespace ColdChain.Edge.Simulation;

/// <summary>
/// Seeds derived from the fleet seed and a name. string.GetHashCode is randomised per process, so it cannot give
/// "same seed, same series"; FNV-1a over the characters can.
/// </summary>
internal static class StableSeed
{
    public static int Of(int seed, string name, string stream)
    {
        var hash = 2166136261u ^ unchecked((uint)seed);
        foreach (var c in $"{name}/{stream}")
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return unchecked((int)hash);
    }
}
