namespace ColdChain.Platform.Registry;

/// <summary>
/// The assets the platform knows (section <c>Registry</c>). A first cut read from configuration; the platform-core
/// issue moves the registry into the database with its audit trail.
/// </summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    public List<Asset> Assets { get; } = [];
}
