using System.Security.Claims;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Identity;

namespace ColdChain.Platform.Registry;

/// <summary>
/// Which assets a caller may see. Operators, compliance officers, admins and API clients see all; a driver sees only
/// the trucks assigned to them and their compartments. Everything else is reported as not found, not as forbidden:
/// a driver learns nothing about other trucks, not even that they exist.
/// </summary>
public static class AssetAccess
{
    public static IQueryable<Asset> VisibleTo(this IQueryable<Asset> assets, ClaimsPrincipal user)
    {
        if (user.FindFirstValue(AuditActor.KindClaim) == AuditActor.ApiClientKind
            || user.IsInRole(Roles.Operator) || user.IsInRole(Roles.ComplianceOfficer) || user.IsInRole(Roles.Admin))
        {
            return assets;
        }

        if (user.IsInRole(Roles.Driver) && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } driver)
        {
            var mine = assets.Where(a => a.AssignedDriverId == driver).Select(a => a.Id);
            return assets.Where(a => a.AssignedDriverId == driver || (a.Parent != null && mine.Contains(a.Parent)));
        }

        return assets.Where(_ => false);
    }
}
