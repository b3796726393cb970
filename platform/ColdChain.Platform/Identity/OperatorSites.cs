using System.Security.Claims;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace ColdChain.Platform.Identity;

/// <summary>
/// The sites an operator works at, kept as <see cref="ClaimType"/> user claims (ASP.NET Identity's user-claims table,
/// no schema change): sign-in puts them in the session, so an endpoint narrows an operator's scope by reading the
/// principal. An operator without a site claim sees no site's reports. Admins set them; a change applies from the
/// operator's next request (sessions are re-checked against the database on every request).
/// </summary>
public static class OperatorSites
{
    public const string ClaimType = "coldchain:site";

    public sealed record SitesRequest(IReadOnlyList<string>? Sites);

    public static IReadOnlySet<string> Of(ClaimsPrincipal user) =>
        user.FindAll(ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapOperatorSitesApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/users/{id}/sites", PutAsync)
            .WithTags("Users")
            .RequireAuthorization(Policies.ManageAccess)
            .WithName("PutUserSites")
            .WithSummary("Sets the sites a user works at (an operator downloads reports of these sites only); audited.");
        return app;
    }

    private static async Task<Results<Ok<SitesRequest>, NotFound<ProblemDetailsBody>, ValidationProblem>> PutAsync(
        string id, SitesRequest request, HttpContext context, UserManager<PlatformUser> users, PlatformDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(id) is null)
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown user", $"no user has the id '{id}'"));
        }

        var change = await SetAsync(id, request, users, db, audit, AuditActor.From(context), cancellationToken);
        return change.Valid ? TypedResults.Ok(change.Value) : TypedResults.ValidationProblem(change.Errors);
    }

    /// <summary>Replaces the sites of a user, audited (the API and the admin pages); an unknown user is an error of "id".</summary>
    public static async Task<AuditedChange<SitesRequest>> SetAsync(
        string id, SitesRequest request, UserManager<PlatformUser> users, PlatformDbContext db, AuditTrail audit, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return AuditedChange<SitesRequest>.Invalid(new Dictionary<string, string[]> { ["id"] = [$"no user has the id '{id}'"] });
        }

        var sites = (request.Sites ?? []).Distinct(StringComparer.Ordinal).ToList();
        var known = db.Sites.Where(s => sites.Contains(s.Id)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = sites.Where(s => !known.Contains(s)).ToList();
        if (request.Sites is null || unknown.Count > 0)
        {
            return AuditedChange<SitesRequest>.Invalid(new Dictionary<string, string[]> { ["sites"] = [request.Sites is null ? "a list of site ids is required" : $"unknown sites: {string.Join(", ", unknown)}"] });
        }

        var before = (await users.GetClaimsAsync(user)).Where(c => c.Type == ClaimType).ToList();
        await users.RemoveClaimsAsync(user, before);
        await users.AddClaimsAsync(user, sites.Select(s => new Claim(ClaimType, s)));
        await audit.RecordAsync(db, actor, "user.sites", "user", id, new { Sites = before.Select(c => c.Value) }, new { Sites = sites }, cancellationToken: cancellationToken);
        return new AuditedChange<SitesRequest>(new SitesRequest(sites), false, new Dictionary<string, string[]>());
    }
}
