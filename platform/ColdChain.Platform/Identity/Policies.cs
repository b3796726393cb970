using Microsoft.AspNetCore.Authorization;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Every authorization policy of the platform, in one place. Each endpoint names one of these (or is explicitly
/// anonymous); the endpoint × role matrix test reads <see cref="Rules"/> to know who must get in.
/// </summary>
public static class Policies
{
    public const string ReadRegistry = "registry.read";
    public const string WriteRegistry = "registry.write";
    public const string ReadReadings = "readings.read";
    public const string ReadAudit = "audit.read";
    public const string ReadDeadLetters = "dead-letters.read";
    public const string ManageAccess = "access.manage";
    public const string SignedIn = "signed-in";
    public const string ReadAlarms = "alarms.read";
    public const string AcknowledgeAlarms = "alarms.acknowledge";
    public const string ReadShipments = "shipments.read";
    public const string WriteShipments = "shipments.write";
    public const string SignHandovers = "handovers.sign";
    public const string ReadReports = "reports.read";
    public const string ManageReportSchedules = "report-schedules.manage";

    /// <summary>Who passes each policy: any of the roles, or an API key with any of the scopes.</summary>
    public static IReadOnlyDictionary<string, PolicyRule> Rules { get; } = new Dictionary<string, PolicyRule>(StringComparer.Ordinal)
    {
        [ReadRegistry] = new([Roles.Operator, Roles.Driver, Roles.ComplianceOfficer, Roles.Admin], [Scopes.RegistryRead, Scopes.ReadingsRead]),
        [WriteRegistry] = new([Roles.Admin], []),
        [ReadReadings] = new([Roles.Operator, Roles.Driver, Roles.ComplianceOfficer, Roles.Admin], [Scopes.ReadingsRead]),
        [ReadAudit] = new([Roles.ComplianceOfficer, Roles.Admin], [Scopes.AuditRead]),
        [ReadDeadLetters] = new([Roles.Operator, Roles.ComplianceOfficer, Roles.Admin], []),
        [ManageAccess] = new([Roles.Admin], []),
        [SignedIn] = new([.. Roles.All], [.. Scopes.All]),
        [ReadAlarms] = new([Roles.Operator, Roles.Driver, Roles.ComplianceOfficer, Roles.Admin], [Scopes.ReadingsRead]),
        // The QA manager at the end of the escalation chain is a compliance officer; machines never acknowledge.
        [AcknowledgeAlarms] = new([Roles.Operator, Roles.Driver, Roles.ComplianceOfficer, Roles.Admin], []),
        [ReadShipments] = new([Roles.Operator, Roles.ComplianceOfficer, Roles.Admin], [Scopes.ShipmentsWrite, Scopes.ReportsRead]),
        [WriteShipments] = new([Roles.Admin], [Scopes.ShipmentsWrite]),
        // A signature is a person re-entering their password (Part 11 §11.200): no API key signs.
        [SignHandovers] = new([Roles.Operator, Roles.Driver, Roles.ComplianceOfficer, Roles.Admin], []),
        // Operators only for their own site: the endpoint narrows the scope.
        [ReadReports] = new([Roles.Operator, Roles.ComplianceOfficer, Roles.Admin], [Scopes.ReportsRead]),
        // Who gets which log by e-mail every period is the compliance officer's decision; no machine sets it.
        [ManageReportSchedules] = new([Roles.ComplianceOfficer, Roles.Admin], []),
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, rule) in Rules)
        {
            options.AddPolicy(name, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => rule.Allows(context.User)));
        }

        // Anything that forgot to name a policy is closed, not open.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}

public sealed record PolicyRule(IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes)
{
    public bool Allows(System.Security.Claims.ClaimsPrincipal user) =>
        Roles.Any(user.IsInRole) || Scopes.Any(s => user.HasClaim(ColdChain.Platform.Identity.Scopes.ClaimType, s));
}
