using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web;

/// <summary>
/// The phone page of a driver: only the trucks the caller may see (a driver: theirs), each compartment large, the
/// truck's open alarms with a big acknowledge button. Installable (manifest + service worker) and shows the last
/// known state, with its age, when the phone is offline.
/// </summary>
[Authorize(Policy = Policies.ReadReadings)]
public sealed class DriverModel(PlatformDbContext db, AssetTiles tiles, TimeProvider time) : PageModel
{
    public sealed record Truck(Asset Asset, IReadOnlyList<AssetTile> Compartments);

    public IReadOnlyList<Truck> Trucks { get; private set; } = [];

    public IReadOnlyList<AlarmsModel.Row> Alarms { get; private set; } = [];

    public bool CanAcknowledge => Policies.Rules[Policies.AcknowledgeAlarms].Allows(User);

    public TimeSpan OfflineAfter => tiles.Options.OfflineAfter;

    public DateTimeOffset RenderedAt { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        RenderedAt = time.GetUtcNow();
        var visible = await db.Assets.AsNoTracking().VisibleTo(User).OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var trucks = visible.Where(a => a.Parent is null && a.Kind is AssetKind.Truck or AssetKind.Trailer).ToList();
        var compartments = trucks.ToDictionary(
            t => t.Id,
            t => visible.Where(a => a.Parent == t.Id).ToList() is { Count: > 0 } children ? children : [t],
            StringComparer.Ordinal);
        var built = (await tiles.ForAsync([.. compartments.Values.SelectMany(c => c)], cancellationToken)).ToDictionary(t => t.Asset.Id, StringComparer.Ordinal);
        Trucks = [.. trucks.Select(t => new Truck(t, [.. compartments[t.Id].Select(c => built[c.Id])]))];

        var ids = compartments.Values.SelectMany(c => c).Select(a => a.Id).Concat(trucks.Select(t => t.Id)).Distinct().ToList();
        var byId = visible.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var zones = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TimeZone, StringComparer.Ordinal, cancellationToken);
        var alarms = await db.Set<Alarm>().AsNoTracking()
            .Where(a => ids.Contains(a.Asset) && (a.State == AlarmState.Raised || a.EndedAt == null))
            .OrderByDescending(a => a.StartedAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        Alarms = [.. alarms.OrderBy(AlarmsModel.Rank).ThenByDescending(a => a.StartedAt).Select(a => new AlarmsModel.Row(a, byId[a.Asset], zones.GetValueOrDefault(a.Site) ?? "UTC"))];
    }
}
