using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Registry;

/// <summary>A place goods are kept cold: a cold room, freezer, truck, trailer or compartment (of a parent asset).</summary>
public sealed class Asset
{
    [Required]
    [RegularExpression(RegistryIds.Pattern)]
    public string Id { get; set; } = string.Empty;

    [Required]
    [StringLength(200)]
    public string Name { get; set; } = string.Empty;

    public AssetKind Kind { get; set; }

    [Required]
    [RegularExpression(RegistryIds.Pattern)]
    public string Site { get; set; } = string.Empty;

    /// <summary>The asset a compartment or zone belongs to (a truck's front compartment), or null.</summary>
    [RegularExpression(RegistryIds.Pattern)]
    public string? Parent { get; set; }

    /// <summary>
    /// The temperature profile the asset is judged by (limits, alarm delay, budget); null: its parent's, else the preset
    /// for its kind. One answer for alarms, charts, reports and handover checks: <see cref="Profiles.AssetProfiles"/>.
    /// </summary>
    [RegularExpression(RegistryIds.Pattern)]
    public string? Profile { get; set; }

    /// <summary>The user id of the driver assigned to a truck: that driver sees and acknowledges only such trucks.</summary>
    public string? AssignedDriverId { get; set; }
}
