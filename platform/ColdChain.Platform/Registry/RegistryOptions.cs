namespace ColdChain.Platform.Registry;

/// <summary>
/// Assets declared in configuration (section <c>Registry</c>): ensured in the database at start, with their sites,
/// so that a small site or a test can bootstrap without calling the API. The database is the registry; an asset
/// changed through the API is not overwritten by this list.
/// </summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    public List<Asset> Assets { get; } = [];
}
