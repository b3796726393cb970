using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Registry;

/// <summary>A place goods are kept cold: a cold room, freezer, truck, trailer or compartment.</summary>
public sealed class Asset
{
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string Id { get; set; } = string.Empty;

    [Required]
    public string Name { get; set; } = string.Empty;

    public AssetKind Kind { get; set; }

    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string Site { get; set; } = string.Empty;
}
