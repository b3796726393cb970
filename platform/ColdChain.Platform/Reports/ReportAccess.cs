using System.Security.Claims;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;

namespace ColdChain.Platform.Reports;

/// <summary>
/// Whose reports a caller may download (behind policy <see cref="Policies.ReadReports"/>): compliance officers, admins
/// and API clients with <c>reports:read</c> all; an operator only the sites in their <see cref="OperatorSites"/> claims;
/// anyone else nothing. What a caller may not see is reported as not found.
/// </summary>
public static class ReportAccess
{
    public static IQueryable<Asset> ReportableBy(this IQueryable<Asset> assets, ClaimsPrincipal user)
    {
        if (SeesEverySite(user))
        {
            return assets;
        }

        var sites = OperatorSites.Of(user).ToList();
        return user.IsInRole(Roles.Operator) ? assets.Where(a => sites.Contains(a.Site)) : assets.Where(_ => false);
    }

    public static bool MayReportOnSite(ClaimsPrincipal user, string site) =>
        SeesEverySite(user) || (user.IsInRole(Roles.Operator) && OperatorSites.Of(user).Contains(site));

    private static bool SeesEverySite(ClaimsPrincipal user) =>
        user.IsInRole(Roles.ComplianceOfficer) || user.IsInRole(Roles.Admin)
        || (user.FindFirstValue(AuditActor.KindClaim) == AuditActor.ApiClientKind && user.HasClaim(Scopes.ClaimType, Scopes.ReportsRead));
}
