using System.ComponentModel.DataAnnotations;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Identity;

public static class ApiKeysApi
{
    public sealed record CreateApiKeyRequest([property: Required] string Name, [property: Required] IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt);

    public sealed record ApiKeyResponse(string Id, string Name, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt)
    {
        public static ApiKeyResponse From(ApiClient c) => new(c.Id, c.Name, c.ScopeList, c.CreatedAt, c.ExpiresAt, c.RevokedAt);
    }

    /// <summary>The only time the key itself is shown: it is stored hashed.</summary>
    public sealed record IssuedApiKeyResponse(ApiKeyResponse Client, string Key);

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/api-keys").WithTags("API keys").RequireAuthorization(Policies.ManageAccess);
        api.MapGet("/", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("Every API client with scopes, expiry and revocation (never the key).");
        api.MapPost("/", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Issues a scoped, optionally expiring key for a machine client; the key is shown once (Admin, audited).");
        api.MapDelete("/{id}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes a key at once (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.ApiClients.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken)).Select(ApiKeyResponse.From).ToList());

    private static async Task<Results<Created<IssuedApiKeyResponse>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, HttpContext context, ApiKeys keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "the API key cannot be issued");
        }

        var issued = await keys.CreateAsync(request.Name, request.Scopes, request.ExpiresAt, AuditActor.From(context), cancellationToken);
        return TypedResults.Created($"/api/api-keys/{issued.Client.Id}", new IssuedApiKeyResponse(ApiKeyResponse.From(issued.Client), issued.Key));
    }

    /// <summary>What stops a key from being issued (the API and the admin pages): scopes, name, expiry.</summary>
    public static Dictionary<string, string[]> Validate(CreateApiKeyRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var unknown = request.Scopes.Where(s => !Scopes.All.Contains(s, StringComparer.Ordinal)).ToList();
        if (request.Scopes.Count == 0 || unknown.Count > 0)
        {
            errors["scopes"] = [$"give one or more of {string.Join(", ", Scopes.All)}" + (unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : string.Empty)];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 128)
        {
            errors["name"] = ["a name of 1 to 128 characters is required"];
        }

        if (request.ExpiresAt is { } expires && expires <= now)
        {
            errors["expiresAt"] = ["must be in the future"];
        }

        return errors;
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetailsBody>>> RevokeAsync(string id, string? reason, HttpContext context, ApiKeys keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, AuditActor.From(context), reason, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetailsBody("unknown API key", $"no API key has the id '{id}'"));
}
