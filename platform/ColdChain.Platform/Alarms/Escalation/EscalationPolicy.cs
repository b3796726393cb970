using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Alarms.Escalation;

/// <summary>
/// A site's escalation policy as it is in force: its stored steps, else its <c>Alarms:Escalation</c> entry with
/// <c>Alarms:AcknowledgeWithin</c> between steps, else nobody beyond step 0.
/// </summary>
public static class EscalationPolicy
{
    public const string Stored = "site";
    public const string Configured = "configuration";
    public const string None = "none";

    /// <summary>Levels 0 (first line), 1 (operators on duty), 2 (QA managers): one step each, in this order.</summary>
    public const int Levels = 3;

    /// <summary>Roles a step may name; a driver is told at step 0 for their own truck only.</summary>
    public static IReadOnlyList<string> StepRoles { get; } = [Roles.Operator, Roles.ComplianceOfficer, Roles.Admin];

    /// <param name="DelayMinutes">Since the previous step was taken without an acknowledgement; none for level 0.</param>
    public sealed record StepItem(int? Level, double? DelayMinutes, List<string>? Recipients, List<string>? Roles);

    /// <param name="Source"><c>site</c> (stored for the site), <c>configuration</c> (its Alarms:Escalation entry) or <c>none</c>.</param>
    public sealed record View(string Site, string Source, List<StepItem> Steps);

    public static async Task<View> InForceAsync(PlatformDbContext db, string site, AlarmOptions options, CancellationToken cancellationToken) =>
        (await InForceAsync(db, [site], options, cancellationToken))[site];

    public static async Task<Dictionary<string, View>> InForceAsync(PlatformDbContext db, IReadOnlyCollection<string> sites, AlarmOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stored = (await db.Set<EscalationStep>().AsNoTracking().Where(s => sites.Contains(s.Site)).OrderBy(s => s.Level).ToListAsync(cancellationToken))
            .ToLookup(s => s.Site, StringComparer.Ordinal);
        return sites.Distinct(StringComparer.Ordinal).ToDictionary(
            site => site,
            site => stored[site].Any() ? new View(site, Stored, [.. stored[site].Select(Item)]) : Configuration(site, options),
            StringComparer.Ordinal);
    }

    public static View Configuration(string site, AlarmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var chain = options.EscalationFor(site);
        var delay = options.AcknowledgeWithin.TotalMinutes;
        return new View(site, chain is null ? None : Configured,
        [
            new StepItem(0, null, [.. chain?.FirstLine ?? []], []),
            new StepItem(1, delay, [.. chain?.OperatorsOnDuty ?? []], []),
            new StepItem(2, delay, [.. chain?.QaManagers ?? []], []),
        ]);
    }

    public static StepItem Item(EscalationStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new StepItem(step.Level, step.Level == 0 ? null : step.Delay.TotalMinutes, [.. step.Recipients], [.. step.Roles]);
    }

    /// <summary>The e-mail addresses of the enabled members of each role, by the sites they work at (their site claims).</summary>
    public static async Task<ILookup<(string Site, string Role), string>> RoleMembersAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var members = await (
            from membership in db.UserRoles
            join role in db.Roles on membership.RoleId equals role.Id
            join user in db.Users on membership.UserId equals user.Id
            join claim in db.UserClaims on user.Id equals claim.UserId
            where claim.ClaimType == OperatorSites.ClaimType && user.DisabledAt == null && user.Email != null
            select new { Site = claim.ClaimValue!, Role = role.Name!, Email = user.Email! }).AsNoTracking().ToListAsync(cancellationToken);
        return members.ToLookup(m => (m.Site, m.Role), m => m.Email);
    }
}
