using ColdChain.Platform.Data;
using ColdChain.Platform.Registry;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Profiles;

/// <summary>
/// The temperature profile an asset is judged by, the same answer for charts, alarms and reports: the asset's own
/// (<see cref="Asset.Profile"/>), else its parent's (a truck's compartment), else the preset for its kind — frozen
/// for freezers, chilled 0–4 °C for everything else.
/// </summary>
public static class AssetProfiles
{
    public const string FrozenPreset = "frozen";
    public const string ChilledPreset = "chilled-0-4";

    public static string PresetFor(AssetKind kind) => kind == AssetKind.Freezer ? FrozenPreset : ChilledPreset;

    /// <summary>The profile id for an asset, given its parent (null when it has none).</summary>
    public static string IdFor(Asset asset, Asset? parent)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.Profile ?? parent?.Profile ?? PresetFor(parent?.Kind ?? asset.Kind);
    }

    public static async Task<Dictionary<string, TemperatureProfile>> ForAsync(PlatformDbContext db, IEnumerable<Asset> assets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var list = assets.ToList();
        var parentIds = list.Select(a => a.Parent).OfType<string>().Distinct().ToList();
        var parents = await db.Assets.AsNoTracking().Where(a => parentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);
        var wanted = list.ToDictionary(a => a.Id, a => IdFor(a, a.Parent is { } p ? parents.GetValueOrDefault(p) : null), StringComparer.Ordinal);
        var ids = wanted.Values.Distinct().ToList();
        var profiles = await db.TemperatureProfiles.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        return wanted.Where(w => profiles.ContainsKey(w.Value)).ToDictionary(w => w.Key, w => profiles[w.Value], StringComparer.Ordinal);
    }
}
