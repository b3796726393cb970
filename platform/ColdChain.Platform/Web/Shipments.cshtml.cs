using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web;

/// <summary>
/// The shipments a person may see (<see cref="ShipmentVisibility"/>), newest first: who holds the goods now, in which
/// asset, and the verdict of the latest current handover check.
/// </summary>
[Authorize(Policy = Policies.SignHandovers)]
public sealed class ShipmentsModel(PlatformDbContext db) : PageModel
{
    public const int Shown = 200;

    public sealed record Row(Shipment Shipment, string ProfileName, CustodyLeg? Current, string? CustodianName, string? AssetName, HandoverCheck? LastCheck, bool Delivered);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public bool ReadsAll { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        ReadsAll = ShipmentVisibility.ReadsAll(User);
        var visible = await ShipmentVisibility.ShipmentsAsync(db, User, cancellationToken);
        var shipments = await visible.Include(s => s.Legs).OrderByDescending(s => s.RegisteredAt).Take(Shown).ToListAsync(cancellationToken);
        var ids = shipments.Select(s => s.Id).ToList();
        var checks = await db.Set<HandoverCheck>().AsNoTracking().Where(c => ids.Contains(c.ShipmentId) && c.SupersededBy == null).ToListAsync(cancellationToken);
        var profiles = await db.Set<TemperatureProfile>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, StringComparer.Ordinal, cancellationToken);
        var parties = await db.Set<CustodyParty>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, StringComparer.Ordinal, cancellationToken);
        var assets = await db.Assets.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, StringComparer.Ordinal, cancellationToken);
        Rows = [.. shipments.Select(s =>
        {
            var legs = s.Legs.OrderBy(l => l.Index).ToList();
            var open = legs.LastOrDefault(l => l.To is null);
            var current = open ?? legs.LastOrDefault();
            return new Row(
                s,
                profiles.GetValueOrDefault(s.Profile) ?? s.Profile,
                current,
                current is null ? null : parties.GetValueOrDefault(current.Party) ?? current.Party,
                current is null ? null : assets.GetValueOrDefault(current.Asset) ?? current.Asset,
                checks.Where(c => c.ShipmentId == s.Id).MaxBy(c => c.CheckedAt),
                legs.Count > 0 && open is null);
        })];
    }

    /// <summary>The status class, icon and word of a verdict: intact is ok, breached an alarm, indeterminate a warning.</summary>
    public static string VerdictStatus(string? verdict) => verdict switch
    {
        "intact" => "ok",
        "breached" => "alarm",
        "indeterminate" => "warning",
        _ => "offline",
    };
}
