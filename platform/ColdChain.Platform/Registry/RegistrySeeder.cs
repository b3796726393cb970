using System.ComponentModel.DataAnnotations;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Registry;

/// <summary>
/// Adds what the database does not have yet, audited as the system: the temperature-profile presets, and the
/// configured assets with their sites. What exists is left alone, so changes made through the API stay.
/// </summary>
internal sealed class RegistrySeeder(IServiceScopeFactory scopes, IOptions<RegistryOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        foreach (var preset in ProfilePresets.All)
        {
            if (!await db.TemperatureProfiles.AsNoTracking().AnyAsync(p => p.Id == preset.Id, cancellationToken))
            {
                var copy = preset.Copy();
                db.TemperatureProfiles.Add(copy);
                await audit.RecordAsync(db, AuditActor.System, "profile.create", "profile", copy.Id, newValues: copy, reason: "preset", cancellationToken: cancellationToken);
            }
        }

        foreach (var asset in options.Value.Assets)
        {
            if (await db.Sites.FindAsync([asset.Site], cancellationToken) is null)
            {
                var site = new Site { Id = asset.Site, Name = asset.Site };
                db.Sites.Add(site);
                await audit.RecordAsync(db, AuditActor.System, "site.create", "site", site.Id, newValues: site, reason: "declared in configuration", cancellationToken: cancellationToken);
            }

            if (await db.Assets.AsNoTracking().AnyAsync(a => a.Id == asset.Id, cancellationToken))
            {
                continue;
            }

            var copy = new Asset { Id = asset.Id, Name = asset.Name, Kind = asset.Kind, Site = asset.Site, Parent = asset.Parent, Profile = asset.Profile };
            db.Assets.Add(copy);
            await audit.RecordAsync(db, AuditActor.System, "asset.create", "asset", copy.Id, newValues: copy, reason: "declared in configuration", cancellationToken: cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Why the configured list cannot be used, or null: each asset valid, ids unique.</summary>
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
