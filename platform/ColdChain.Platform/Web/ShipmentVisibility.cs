using System.Security.Claims;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web;

/// <summary>
/// Which shipments and handover checks a person sees on the pages, as the APIs decide: shipment readers
/// (<see cref="Policies.ReadShipments"/>) see all; anyone else only what a party they sign for took part in (a custody
/// leg, or either side of a handover check), like <c>GET /api/handovers/{id}</c>.
/// </summary>
public static class ShipmentVisibility
{
    public static bool ReadsAll(ClaimsPrincipal user) => Policies.Rules[Policies.ReadShipments].Allows(user);

    public static async Task<IReadOnlyList<string>> PartiesOfAsync(PlatformDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return id is null ? [] : await db.Set<PartyMember>().AsNoTracking().Where(m => m.UserId == id).Select(m => m.Party).ToListAsync(cancellationToken);
    }

    public static async Task<IQueryable<Shipment>> ShipmentsAsync(PlatformDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var shipments = db.Set<Shipment>().AsNoTracking();
        if (ReadsAll(user))
        {
            return shipments;
        }

        var parties = await PartiesOfAsync(db, user, cancellationToken);
        var checks = db.Set<HandoverCheck>();
        return shipments.Where(s => s.Legs.Any(l => parties.Contains(l.Party))
            || checks.Any(c => c.ShipmentId == s.Id && (parties.Contains(c.FromParty) || parties.Contains(c.ToParty))));
    }

    public static async Task<bool> MayReadCheckAsync(PlatformDbContext db, ClaimsPrincipal user, HandoverCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (ReadsAll(user))
        {
            return true;
        }

        var parties = await PartiesOfAsync(db, user, cancellationToken);
        return parties.Contains(check.FromParty) || parties.Contains(check.ToParty);
    }
}
