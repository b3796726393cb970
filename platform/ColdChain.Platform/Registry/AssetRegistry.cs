using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Registry;

public sealed class AssetRegistry
{
    private readonly Dictionary<string, Asset> _byId;

    public AssetRegistry(IOptions<RegistryOptions> options)
    {
        All = [.. options.Value.Assets.OrderBy(a => a.Site, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal)];
        _byId = All.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Asset> All { get; }

    public Asset? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Why the configured registry cannot be used, or null: each asset valid, ids unique.</summary>
    internal static string? Problem(RegistryOptions options)
    {
        foreach (var asset in options.Assets)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(asset, new ValidationContext(asset), results, validateAllProperties: true))
            {
                return $"asset '{asset.Id}': {string.Join("; ", results.Select(r => r.ErrorMessage))}";
            }
        }

        var duplicate = options.Assets.GroupBy(a => a.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"asset id '{duplicate.Key}' is used {duplicate.Count()} times";
    }
}
