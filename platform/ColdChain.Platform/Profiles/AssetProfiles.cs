using ColdChain.Platform.Data;
using ColdChain.Platform.Registry;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Profiles;

/// <summary>
/// The temperature profile whose limits an asset is shown against. The registry does not assign profiles to assets
/// yet, so this takes the preset that fits the asset's kind: frozen for freezers, chilled 0–4 °C for everything else.
/// </summary>
public static class AssetProfiles
{
    public const string FrozenPreset = "frozen";
    public const string ChilledPreset = "chilled-0-4";

    public static string PresetFor(AssetKind kind) => kind == AssetKind.Freezer ? FrozenPreset : ChilledPreset;

    public static async Task<Dictionary<string, TemperatureProfile>> ForAsync(PlatformDbContext db, IEnumerable<Asset> assets, CancellationToken cancellationToken)
    {
        var wanted = assets.Select(a => PresetFor(a.Kind)).Distinct().ToList();
        var profiles = await db.Set<TemperatureProfile>().AsNoTracking().Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return assets.Where(a => profiles.ContainsKey(PresetFor(a.Kind))).ToDictionary(a => a.Id, a => profiles[PresetFor(a.Kind)], StringComparer.Ordinal);
    }
}
