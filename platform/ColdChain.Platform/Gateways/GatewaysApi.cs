using System.Text.RegularExpressions;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Gateways;

public static partial class GatewaysApi
{
    public sealed record GatewayRequest(string? Name, string? Site);

    public sealed record GatewayResponse(string Id, string Name, string Site, bool CanConnect, DateTime? CredentialIssuedAt, DateTime? RevokedAt)
    {
        public static GatewayResponse From(Gateway g) => new(g.Id, g.Name, g.Site, g.CanConnect, g.CredentialIssuedAt, g.RevokedAt);
    }

    /// <summary>The only time the secret is shown: the platform keeps its hash.</summary>
    public sealed record CredentialResponse(string Gateway, string Username, string Password);

    public static IEndpointRouteBuilder MapGatewaysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/gateways").WithTags("Gateways");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("ListGateways")
            .WithSummary("Every gateway with its site and whether it may connect (never its credential).");
        api.MapPut("/{id}", PutAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutGateway")
            .WithSummary("Creates or changes a gateway (Admin, audited).");
        api.MapPost("/{id}/credential", IssueAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("IssueGatewayCredential")
            .WithSummary("Issues or rotates the gateway's broker credential, shown once; the old one stops working (Admin, audited).");
        api.MapDelete("/{id}/credential", RevokeAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("RevokeGatewayCredential")
            .WithSummary("Revokes the gateway's credential: it can no longer connect (Admin, audited).");
        api.MapGet("/{id}/config", GetConfigAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("GetGatewayConfig")
            .WithSummary("The gateway's desired config as last published, with its version and when the broker took it (Admin).");
        api.MapPut("/{id}/config", PutConfigAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutGatewayConfig")
            .WithSummary("Stores a newer version of the gateway's config (the edge's gateway config document; checked with the gateway's schema and rules, broker settings dropped) and publishes it retained on the gateway's config topic (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<GatewayResponse>>> ListAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Set<Gateway>().AsNoTracking().OrderBy(g => g.Id).ToListAsync(cancellationToken)).Select(GatewayResponse.From).ToList());

    private static async Task<Results<Ok<GatewayResponse>, Created<GatewayResponse>, ValidationProblem>> PutAsync(
        string id, GatewayRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        var change = await SaveAsync(id, request, db, audit, context.RequestServices.GetRequiredService<GatewayCredentials>(), AuditActor.From(context), cancellationToken);
        if (!change.Valid)
        {
            return TypedResults.ValidationProblem(change.Errors, title: "the gateway is not valid");
        }

        return change.Created ? TypedResults.Created($"/api/gateways/{id}", change.Value) : TypedResults.Ok(change.Value);
    }

    /// <summary>Validates, creates or changes the gateway, audited, and rewrites the broker's files (the API and the admin pages).</summary>
    public static async Task<AuditedChange<GatewayResponse>> SaveAsync(
        string id, GatewayRequest request, PlatformDbContext db, AuditTrail audit, GatewayCredentials credentials, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(credentials);
        var errors = new Dictionary<string, string[]>();
        if (!IdPattern().IsMatch(id))
        {
            errors["id"] = ["letters, digits, '_', '.', '-', at most 64 characters (it is the MQTT client id and a topic level)"];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["a name of 1 to 200 characters is required"];
        }

        if (string.IsNullOrEmpty(request.Site) || await db.Sites.FindAsync([request.Site], cancellationToken) is null)
        {
            errors["site"] = [$"no site has the id '{request.Site}'; create the site first"];
        }

        if (errors.Count > 0)
        {
            return AuditedChange<GatewayResponse>.Invalid(errors);
        }

        var gateway = await db.Set<Gateway>().SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        var before = gateway is null ? null : new { gateway.Id, gateway.Name, gateway.Site };
        if (gateway is null)
        {
            gateway = new Gateway { Id = id };
            db.Add(gateway);
        }

        gateway.Name = request.Name!.Trim();
        gateway.Site = request.Site!;
        await audit.RecordAsync(db, actor, before is null ? "gateway.create" : "gateway.update", "gateway", id, before, new { gateway.Id, gateway.Name, gateway.Site }, cancellationToken: cancellationToken);
        await credentials.WriteMosquittoFilesAsync(cancellationToken);
        return new AuditedChange<GatewayResponse>(GatewayResponse.From(gateway), before is null, new Dictionary<string, string[]>());
    }

    private static async Task<Results<Ok<CredentialResponse>, NotFound<ProblemDetailsBody>>> IssueAsync(string id, HttpContext context, GatewayCredentials credentials, CancellationToken cancellationToken) =>
        await credentials.IssueAsync(id, AuditActor.From(context), cancellationToken) is { } secret
            ? TypedResults.Ok(new CredentialResponse(id, id, secret))
            : TypedResults.NotFound(new ProblemDetailsBody("unknown gateway", $"no gateway has the id '{id}'"));

    private static async Task<Results<NoContent, NotFound<ProblemDetailsBody>>> RevokeAsync(string id, string? reason, HttpContext context, GatewayCredentials credentials, CancellationToken cancellationToken) =>
        await credentials.RevokeAsync(id, AuditActor.From(context), reason, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetailsBody("unknown gateway", $"no gateway has the id '{id}'"));

    public sealed record GatewayConfigResponse(string Gateway, long Version, DateTime UpdatedAt, DateTime? PublishedAt, System.Text.Json.Nodes.JsonNode? Document, IReadOnlyList<string> Problems)
    {
        public static GatewayConfigResponse From(GatewayConfig c, IReadOnlyList<string> problems) =>
            new(c.Gateway, c.Version, c.UpdatedAt, c.PublishedAt, System.Text.Json.Nodes.JsonNode.Parse(c.Document), problems);
    }

    private static async Task<Results<Ok<GatewayConfigResponse>, NotFound<ProblemDetailsBody>>> GetConfigAsync(string id, GatewayConfigs configs, CancellationToken cancellationToken) =>
        await configs.GetAsync(id, cancellationToken) is { } config
            ? TypedResults.Ok(GatewayConfigResponse.From(config, []))
            : TypedResults.NotFound(new ProblemDetailsBody("no config", $"no config is stored for a gateway with the id '{id}'"));

    private static async Task<Results<Ok<GatewayConfigResponse>, Accepted<GatewayConfigResponse>, NotFound<ProblemDetailsBody>, ValidationProblem>> PutConfigAsync(
        string id, System.Text.Json.Nodes.JsonNode document, HttpContext context, GatewayConfigs configs, CancellationToken cancellationToken)
    {
        var result = await configs.PutAsync(id, document, AuditActor.From(context), cancellationToken);
        return result.Outcome switch
        {
            GatewayConfigs.Outcome.UnknownGateway => TypedResults.NotFound(new ProblemDetailsBody("unknown gateway", result.Problems[0])),
            GatewayConfigs.Outcome.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["config"] = [.. result.Problems] }, title: "the gateway config is not valid"),
            // Stored but not yet on the broker: the caller sees why; the next PUT or calibration publishes again.
            GatewayConfigs.Outcome.NotPublished => TypedResults.Accepted($"/api/gateways/{id}/config", GatewayConfigResponse.From(result.Config!, result.Problems)),
            _ => TypedResults.Ok(GatewayConfigResponse.From(result.Config!, [])),
        };
    }

    [GeneratedRegex(RegistryIds.Pattern)]
    private static partial Regex IdPattern();
}
