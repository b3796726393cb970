using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web;

/// <summary>
/// One shipment: the custody timeline (legs in order, each with its asset, custodian, period and the handover that
/// closed it) and its handover checks, current and superseded, each opening its evidence and signatures.
/// </summary>
[Authorize(Policy = Policies.SignHandovers)]
public sealed class ShipmentModel(PlatformDbContext db) : PageModel
{
    public sealed record Leg(CustodyLeg Custody, Asset? Asset, string CustodianName, string TimeZone);

    public sealed record Check(HandoverCheck Handover, int Signatures);

    public Shipment Shipment { get; private set; } = null!;

    public string ProfileName { get; private set; } = string.Empty;

    public IReadOnlyList<Leg> Legs { get; private set; } = [];

    public IReadOnlyList<Check> Checks { get; private set; } = [];

    public IReadOnlyDictionary<string, string> PartyNames { get; private set; } = new Dictionary<string, string>();

    public bool CanReadReports => Policies.Rules[Policies.ReadReports].Allows(User);

    public async Task<IActionResult> OnGetAsync(string orderRef, CancellationToken cancellationToken)
    {
        var visible = await ShipmentVisibility.ShipmentsAsync(db, User, cancellationToken);
        var shipment = await visible.Include(s => s.Legs).SingleOrDefaultAsync(s => s.OrderRef == orderRef, cancellationToken);
        if (shipment is null)
        {
            return NotFound();
        }

        Shipment = shipment;
        ProfileName = await db.Set<TemperatureProfile>().AsNoTracking().Where(p => p.Id == shipment.Profile).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken) ?? shipment.Profile;
        var parties = await db.Set<CustodyParty>().AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, StringComparer.Ordinal, cancellationToken);
        PartyNames = parties;
        var assetIds = shipment.Legs.Select(l => l.Asset).Distinct().ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);
        var zones = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TimeZone, StringComparer.Ordinal, cancellationToken);
        Legs = [.. shipment.Legs.OrderBy(l => l.Index).Select(l =>
        {
            var asset = assets.GetValueOrDefault(l.Asset);
            return new Leg(l, asset, parties.GetValueOrDefault(l.Party) ?? l.Party, asset is null ? "UTC" : zones.GetValueOrDefault(asset.Site) ?? "UTC");
        })];

        var checks = await db.Set<HandoverCheck>().AsNoTracking().Where(c => c.ShipmentId == shipment.Id).OrderByDescending(c => c.CheckedAt).ToListAsync(cancellationToken);
        if (!ShipmentVisibility.ReadsAll(User))
        {
            var mine = await ShipmentVisibility.PartiesOfAsync(db, User, cancellationToken);
            checks = [.. checks.Where(c => mine.Contains(c.FromParty) || mine.Contains(c.ToParty))];
        }

        var checkIds = checks.Select(c => c.Id).ToList();
        var signed = await db.Set<HandoverSignature>().AsNoTracking().Where(s => checkIds.Contains(s.CheckId)).GroupBy(s => s.CheckId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Checks = [.. checks.Select(c => new Check(c, signed.GetValueOrDefault(c.Id)))];
        return Page();
    }

    public string TimeZoneOfLeg(int index) => Legs.FirstOrDefault(l => l.Custody.Index == index)?.TimeZone ?? "UTC";

    public string Party(string id) => PartyNames.GetValueOrDefault(id) ?? id;
}
