using System.Text.RegularExpressions;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Registry;

public static partial class SitesApi
{
    public sealed record SiteRequest(string? Name, string? TimeZone, IReadOnlyList<string>? AlarmContacts, bool Live);

    public static IEndpointRouteBuilder MapSitesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sites").WithTags("Sites");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("ListSites")
            .WithSummary("Every site with its time zone and designated alarm contacts.");
        api.MapPut("/{id}", PutAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutSite")
            .WithSummary("Creates or changes a site (Admin, audited). A live site needs at least 3 alarm contacts.");
        return app;
    }

    private static async Task<Ok<List<Site>>> ListAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken));

    private static async Task<Results<Ok<Site>, Created<Site>, ValidationProblem>> PutAsync(
        string id, SiteRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, AlarmDirectory alarms, CancellationToken cancellationToken)
    {
        var change = await SaveAsync(id, request, db, audit, alarms, AuditActor.From(context), cancellationToken);
        if (!change.Valid)
        {
            return TypedResults.ValidationProblem(change.Errors, title: "the site is not valid");
        }

        return change.Created ? TypedResults.Created($"/api/sites/{id}", change.Value) : TypedResults.Ok(change.Value);
    }

    /// <summary>Validates, creates or changes the site and records it in the audit trail (the API and the admin pages).</summary>
    public static async Task<AuditedChange<Site>> SaveAsync(string id, SiteRequest request, PlatformDbContext db, AuditTrail audit, AlarmDirectory alarms, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var errors = Validate(id, request);
        if (errors.Count > 0)
        {
            return AuditedChange<Site>.Invalid(errors);
        }

        var site = await db.Sites.FindAsync([id], cancellationToken);
        var before = site is null ? null : new Site { Id = site.Id, Name = site.Name, TimeZone = site.TimeZone, AlarmContacts = [.. site.AlarmContacts], Live = site.Live };
        if (site is null)
        {
            site = new Site { Id = id };
            db.Sites.Add(site);
        }

        site.Name = request.Name!.Trim();
        site.TimeZone = request.TimeZone!;
        site.AlarmContacts = [.. request.AlarmContacts ?? []];
        site.Live = request.Live;
        await audit.RecordAsync(db, actor, before is null ? "site.create" : "site.update", "site", id, before, site, cancellationToken: cancellationToken);
        alarms.RequestRefresh(); // the running alarm monitor applies the change at its next tick
        return new AuditedChange<Site>(site, before is null, new Dictionary<string, string[]>());
    }

    private static Dictionary<string, string[]> Validate(string id, SiteRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IdPattern().IsMatch(id))
        {
            errors["id"] = ["letters, digits, '_', '.', '-', at most 64 characters"];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["a name of 1 to 200 characters is required"];
        }

        if (string.IsNullOrWhiteSpace(request.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _))
        {
            errors["timeZone"] = [$"'{request.TimeZone}' is not an IANA time zone such as Europe/Berlin or Asia/Shanghai"];
        }

        var contacts = request.AlarmContacts ?? [];
        if (contacts.Any(string.IsNullOrWhiteSpace))
        {
            errors["alarmContacts"] = ["a contact may not be empty"];
        }
        else if (request.Live && contacts.Distinct(StringComparer.OrdinalIgnoreCase).Count() < Site.MinimumAlarmContacts)
        {
            errors["alarmContacts"] = [$"a live site needs at least {Site.MinimumAlarmContacts} different designated alarm contacts (GSP); this one has {contacts.Count}"];
        }

        return errors;
    }

    [GeneratedRegex(RegistryIds.Pattern)]
    private static partial Regex IdPattern();
}
