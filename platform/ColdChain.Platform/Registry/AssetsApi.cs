using System.Text.RegularExpressions;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Registry;

public static partial class AssetsApi
{
    public sealed record AssetRequest(string? Name, AssetKind? Kind, string? Site, string? Parent, string? AssignedDriverId, string? Profile = null);

    public static IEndpointRouteBuilder MapAssetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assets").WithTags("Assets");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("ListAssets")
            .WithSummary("Every cold room, freezer, truck, trailer and compartment the caller may see, with its site (a driver: their trucks).");
        api.MapGet("/{id}", GetAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("GetAsset")
            .WithSummary("One asset, if the caller may see it.");
        api.MapPut("/{id}", PutAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutAsset")
            .WithSummary("Creates or changes an asset, e.g. assigns a driver to a truck or a temperature profile (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<Asset>>> ListAsync(HttpContext context, PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Assets.AsNoTracking().VisibleTo(context.User).OrderBy(a => a.Site).ThenBy(a => a.Id).ToListAsync(cancellationToken));

    private static async Task<Results<Ok<Asset>, NotFound<ProblemDetailsBody>>> GetAsync(string id, HttpContext context, PlatformDbContext db, CancellationToken cancellationToken) =>
        await db.Assets.AsNoTracking().VisibleTo(context.User).SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is { } asset
            ? TypedResults.Ok(asset)
            : TypedResults.NotFound(new ProblemDetailsBody("unknown asset", $"no asset has the id '{id}'"));

    private static async Task<Results<Ok<Asset>, Created<Asset>, ValidationProblem>> PutAsync(
        string id, AssetRequest request, HttpContext context, PlatformDbContext db, UserManager<PlatformUser> users, AuditTrail audit, AlarmDirectory alarms, CancellationToken cancellationToken)
    {
        var change = await SaveAsync(id, request, db, users, audit, alarms, AuditActor.From(context), cancellationToken);
        if (!change.Valid)
        {
            return TypedResults.ValidationProblem(change.Errors, title: "the asset is not valid");
        }

        return change.Created ? TypedResults.Created($"/api/assets/{id}", change.Value) : TypedResults.Ok(change.Value);
    }

    /// <summary>Validates, creates or changes the asset and records it in the audit trail (the API and the admin pages).</summary>
    public static async Task<AuditedChange<Asset>> SaveAsync(
        string id, AssetRequest request, PlatformDbContext db, UserManager<PlatformUser> users, AuditTrail audit, AlarmDirectory alarms, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var errors = await ValidateAsync(id, request, db, users, cancellationToken);
        if (errors.Count > 0)
        {
            return AuditedChange<Asset>.Invalid(errors);
        }

        var asset = await db.Assets.FindAsync([id], cancellationToken);
        var before = asset is null ? null : new Asset { Id = asset.Id, Name = asset.Name, Kind = asset.Kind, Site = asset.Site, Parent = asset.Parent, AssignedDriverId = asset.AssignedDriverId, Profile = asset.Profile };
        if (asset is null)
        {
            asset = new Asset { Id = id };
            db.Assets.Add(asset);
        }

        asset.Name = request.Name!.Trim();
        asset.Kind = request.Kind!.Value;
        asset.Site = request.Site!;
        asset.Parent = string.IsNullOrEmpty(request.Parent) ? null : request.Parent;
        asset.AssignedDriverId = string.IsNullOrEmpty(request.AssignedDriverId) ? null : request.AssignedDriverId;
        asset.Profile = string.IsNullOrEmpty(request.Profile) ? null : request.Profile;
        await audit.RecordAsync(db, actor, before is null ? "asset.create" : "asset.update", "asset", id, before, asset, cancellationToken: cancellationToken);
        alarms.RequestRefresh(); // the running alarm monitor applies the change at its next tick
        return new AuditedChange<Asset>(asset, before is null, new Dictionary<string, string[]>());
    }

    private static async Task<Dictionary<string, string[]>> ValidateAsync(string id, AssetRequest request, PlatformDbContext db, UserManager<PlatformUser> users, CancellationToken cancellationToken)
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

        if (request.Kind is null)
        {
            errors["kind"] = ["one of cold_room, freezer, truck, trailer, compartment"];
        }

        if (string.IsNullOrEmpty(request.Site) || await db.Sites.FindAsync([request.Site], cancellationToken) is null)
        {
            errors["site"] = [$"no site has the id '{request.Site}'; create the site first"];
        }

        if (!string.IsNullOrEmpty(request.Parent) && (request.Parent == id || !await db.Assets.AnyAsync(a => a.Id == request.Parent, cancellationToken)))
        {
            errors["parent"] = [$"'{request.Parent}' is not another registered asset"];
        }

        if (!string.IsNullOrEmpty(request.Profile) && await db.TemperatureProfiles.FindAsync([request.Profile], cancellationToken) is null)
        {
            errors["profile"] = [$"no temperature profile has the id '{request.Profile}' (GET /api/profiles)"];
        }

        if (!string.IsNullOrEmpty(request.AssignedDriverId))
        {
            var driver = await users.FindByIdAsync(request.AssignedDriverId);
            if (driver is null || !await users.IsInRoleAsync(driver, Roles.Driver))
            {
                errors["assignedDriverId"] = [$"'{request.AssignedDriverId}' is not the id of a user with the Driver role"];
            }
            else if (request.Kind is not (AssetKind.Truck or AssetKind.Trailer))
            {
                errors["assignedDriverId"] = ["only a truck or a trailer has a driver"];
            }
        }

        return errors;
    }

    [GeneratedRegex(RegistryIds.Pattern)]
    private static partial Regex IdPattern();
}
