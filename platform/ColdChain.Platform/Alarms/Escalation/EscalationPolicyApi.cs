using System.Globalization;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static ColdChain.Platform.Alarms.Escalation.EscalationPolicy;

namespace ColdChain.Platform.Alarms.Escalation;

/// <summary>A site's escalation policy: read with the registry, replaced as a whole by an admin (audited), applied by the running escalator within a tick.</summary>
public static class EscalationPolicyApi
{
    public const double MaxDelayMinutes = 24 * 60;
    public const int MaxRecipients = 20;

    public sealed record EscalationRequest(List<StepItem?>? Steps);

    public static IEndpointRouteBuilder MapEscalationPolicyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sites/{id}/escalation").WithTags("Sites");
        api.MapGet("/", GetAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("GetSiteEscalation")
            .WithSummary("The site's escalation policy in force: level 0 (first line), 1 (operators on duty), 2 (QA managers), each with its delay, recipients and roles; source says whether it is the site's own or the configured default.");
        api.MapPut("/", PutAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutSiteEscalation")
            .WithSummary("Replaces the site's escalation policy (Admin, audited): levels 0, 1, 2 in order, delays of 1 minute to 24 hours, recipients who are platform users, roles whose members work at the site. The running escalator applies it without a restart.");
        return app;
    }

    private static async Task<Results<Ok<View>, NotFound<ProblemDetailsBody>>> GetAsync(
        string id, PlatformDbContext db, IOptions<AlarmOptions> options, CancellationToken cancellationToken) =>
        await db.Sites.AsNoTracking().AnyAsync(s => s.Id == id, cancellationToken)
            ? TypedResults.Ok(await InForceAsync(db, id, options.Value, cancellationToken))
            : UnknownSite(id);

    private static async Task<Results<Ok<View>, NotFound<ProblemDetailsBody>, ValidationProblem>> PutAsync(
        string id, EscalationRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, AlarmDirectory directory, IOptions<AlarmOptions> options, CancellationToken cancellationToken)
    {
        if (!await db.Sites.AsNoTracking().AnyAsync(s => s.Id == id, cancellationToken))
        {
            return UnknownSite(id);
        }

        var change = await SaveAsync(id, request, db, audit, directory, options.Value, AuditActor.From(context), cancellationToken);
        return change.Valid ? TypedResults.Ok(change.Value) : TypedResults.ValidationProblem(change.Errors, title: "the escalation policy is not valid");
    }

    /// <summary>Validates and replaces the policy of an existing site, audited with the policy in force before and after (the API and the admin sites page).</summary>
    public static async Task<AuditedChange<View>> SaveAsync(
        string site, EscalationRequest request, PlatformDbContext db, AuditTrail audit, AlarmDirectory directory, AlarmOptions options, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(directory);
        if (!await db.Sites.AsNoTracking().AnyAsync(s => s.Id == site, cancellationToken))
        {
            return AuditedChange<View>.Invalid(new Dictionary<string, string[]> { ["site"] = [$"no site has the id '{site}'"] });
        }

        var (steps, errors) = await ValidateAsync(site, request, db, cancellationToken);
        if (errors.Count > 0)
        {
            return AuditedChange<View>.Invalid(errors);
        }

        var before = await InForceAsync(db, site, options, cancellationToken);
        db.Set<EscalationStep>().RemoveRange(await db.Set<EscalationStep>().Where(s => s.Site == site).ToListAsync(cancellationToken));
        db.Set<EscalationStep>().AddRange(steps);
        var after = new View(site, Stored, [.. steps.Select(Item)]);
        await audit.RecordAsync(db, actor, "site.escalation", "site", site, before, after, cancellationToken: cancellationToken);
        directory.RequestRefresh(); // the running escalator applies it at its next tick
        return new AuditedChange<View>(after, false, new Dictionary<string, string[]>());
    }

    private static async Task<(List<EscalationStep> Steps, Dictionary<string, string[]> Errors)> ValidateAsync(
        string site, EscalationRequest request, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var steps = new List<EscalationStep>();
        if (request.Steps is not { Count: Levels } items || items.Select((s, i) => s?.Level == i).Contains(false))
        {
            errors["steps"] = ["three steps are required, in this order: level 0 (first line), 1 (operators on duty), 2 (QA managers)"];
            return (steps, errors);
        }

        var addresses = items.SelectMany(s => s!.Recipients ?? []).Select(r => r.Trim().ToUpperInvariant()).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && addresses.Contains(u.NormalizedEmail) && u.DisabledAt == null)
            .Select(u => u.Email!).ToListAsync(cancellationToken);
        var members = await RoleMembersAsync(db, cancellationToken);
        for (var level = 0; level < Levels; level++)
        {
            var item = items[level]!;
            var problems = new List<string>();
            var recipients = (item.Recipients ?? []).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var roles = (item.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
            if (level == 0)
            {
                if (item.DelayMinutes is not null)
                {
                    problems.Add("level 0 has no delay: it is told when the alarm is raised");
                }
            }
            else if (item.DelayMinutes is not { } minutes || !double.IsFinite(minutes) || minutes is < 1 or > MaxDelayMinutes)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"delayMinutes must be 1 to {MaxDelayMinutes} (minutes without an acknowledgement after the previous step)"));
            }

            if (recipients.Count > MaxRecipients)
            {
                problems.Add($"at most {MaxRecipients} recipients");
            }

            var unknown = recipients.Where(r => !users.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"not the e-mail address of an enabled platform user: {string.Join(", ", unknown)}");
            }

            var badRoles = roles.Where(r => !StepRoles.Contains(r, StringComparer.Ordinal)).ToList();
            if (badRoles.Count > 0)
            {
                problems.Add($"unknown role {string.Join(", ", badRoles)} (one of {string.Join(", ", StepRoles)})");
            }

            if (level > 0 && problems.Count == 0 && recipients.Count == 0 && !roles.Any(r => members.Contains((site, r))))
            {
                problems.Add($"reaches nobody: name a recipient, or a role with an enabled member working at site {site}");
            }

            if (problems.Count > 0)
            {
                errors[$"steps[{level}]"] = [.. problems];
                continue;
            }

            steps.Add(new EscalationStep
            {
                Site = site,
                Level = level,
                Delay = level == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Round(item.DelayMinutes!.Value * 60)),
                Recipients = [.. recipients.Select(r => users.First(u => string.Equals(u, r, StringComparison.OrdinalIgnoreCase)))],
                Roles = roles,
            });
        }

        return (steps, errors);
    }

    private static NotFound<ProblemDetailsBody> UnknownSite(string id) => TypedResults.NotFound(new ProblemDetailsBody("unknown site", $"no site has the id '{id}'"));
}
