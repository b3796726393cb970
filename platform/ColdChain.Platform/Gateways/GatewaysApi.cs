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
        return app;
    }

    private static async Task<Ok<List<GatewayResponse>>> ListAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Set<Gateway>().AsNoTracking().OrderBy(g => g.Id).ToListAsync(cancellationToken)).Select(GatewayResponse.From).ToList());

    private static async Task<Results<Ok<GatewayResponse>, Created<GatewayResponse>, ValidationProblem>> PutAsync(
        string id, GatewayRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
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
            return TypedResults.ValidationProblem(errors, title: "the gateway is not valid");
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
        await audit.RecordAsync(db, AuditActor.From(context), before is null ? "gateway.create" : "gateway.update", "gateway", id, before, new { gateway.Id, gateway.Name, gateway.Site }, cancellationToken: cancellationToken);
        await context.RequestServices.GetRequiredService<GatewayCredentials>().WriteMosquittoFilesAsync(cancellationToken);
        return before is null ? TypedResults.Created($"/api/gateways/{id}", GatewayResponse.From(gateway)) : TypedResults.Ok(GatewayResponse.From(gateway));
    }

    private static async Task<Results<Ok<CredentialResponse>, NotFound<ProblemDetailsBody>>> IssueAsync(string id, HttpContext context, GatewayCredentials credentials, CancellationToken cancellationToken) =>
        await credentials.IssueAsync(id, AuditActor.From(context), cancellationToken) is { } secret
            ? TypedResults.Ok(new CredentialResponse(id, id, secret))
            : TypedResults.NotFound(new ProblemDetailsBody("unknown gateway", $"no gateway has the id '{id}'"));

    private static async Task<Results<NoContent, NotFound<ProblemDetailsBody>>> RevokeAsync(string id, string? reason, HttpContext context, GatewayCredentials credentials, CancellationToken cancellationToken) =>
        await credentials.RevokeAsync(id, AuditActor.From(context), reason, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetailsBody("unknown gateway", $"no gateway has the id '{id}'"));

    [GeneratedRegex(RegistryIds.Pattern)]
    private static partial Regex IdPattern();
}
