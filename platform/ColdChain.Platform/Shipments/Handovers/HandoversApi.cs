using System.Security.Claims;
using System.Text.Json;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Shipments.Handovers;

public static class HandoversApi
{
    public sealed record SignatureResponse(Guid Id, string PrintedName, string Party, string Meaning, string? Comment, DateTimeOffset SignedAt, string DocumentSha256, string Binding, bool BindingValid);

    /// <summary>
    /// A check as issued: <see cref="CanonicalDocument"/> holds the exact bytes (UTF-8) whose SHA-256 is
    /// <see cref="DocumentSha256"/>; <see cref="Document"/> is the same, parsed. <see cref="DocumentIntact"/> says the
    /// server recomputed the hash over the stored document and it matched.
    /// </summary>
    public sealed record HandoverResponse(
        Guid Id,
        string OrderRef,
        string Verdict,
        Guid? Supersedes,
        Guid? SupersededBy,
        DateTimeOffset? CompletedAt,
        string DocumentSha256,
        bool DocumentIntact,
        JsonElement Document,
        string CanonicalDocument,
        IReadOnlyList<SignatureResponse> Signatures);

    public sealed record SignatureRequest(string? Email, string? Password, string? Meaning, string? Comment);

    public static IEndpointRouteBuilder MapHandoversApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/handovers").WithTags("Shipments");
        api.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetHandover")
            .WithSummary("A handover check: its canonical document, the document's SHA-256, whether it still matches, and its signatures. Shipment readers and members of either party see it; anyone else gets 404.");
        api.MapPost("/{id:guid}/signatures", SignAsync)
            .RequireAuthorization(Policies.SignHandovers)
            .WithName("SignHandover")
            .WithSummary("Signs a handover check for your party (Part 11): re-enter e-mail and password, choose a meaning (handed-over, received, received-with-reservation + comment). Once both parties signed, the leg closes and the next opens.");
        return app;
    }

    private static async Task<Results<Ok<HandoverResponse>, NotFound<ProblemDetailsBody>>> GetAsync(Guid id, ClaimsPrincipal user, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var check = await db.Set<HandoverCheck>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (check is null || !await MayReadAsync(user, check, db, cancellationToken))
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown handover", $"no handover check has the id '{id}'"));
        }

        var signatures = await db.Set<HandoverSignature>().AsNoTracking().Where(s => s.CheckId == id).OrderBy(s => s.SignedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(Response(check, signatures));
    }

    private static async Task<IResult> SignAsync(Guid id, SignatureRequest request, HttpContext context, HandoverSigning signing, CancellationToken cancellationToken)
    {
        var outcome = await signing.SignAsync(id, request, context, cancellationToken);
        return outcome.Status switch
        {
            StatusCodes.Status201Created => TypedResults.Created($"/api/handovers/{id}", outcome.Handover),
            StatusCodes.Status400BadRequest => TypedResults.ValidationProblem(outcome.Errors!, title: "the signature request is not valid"),
            _ => TypedResults.Problem(statusCode: outcome.Status, title: outcome.Title, detail: outcome.Detail),
        };
    }

    /// <summary>Shipment readers (operators, compliance, admins, the order platform) and the members of either party.</summary>
    internal static async Task<bool> MayReadAsync(ClaimsPrincipal user, HandoverCheck check, PlatformDbContext db, CancellationToken cancellationToken)
    {
        if (Policies.Rules[Policies.ReadShipments].Allows(user))
        {
            return true;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is not null && await db.Set<PartyMember>().AnyAsync(m => m.UserId == userId && (m.Party == check.FromParty || m.Party == check.ToParty), cancellationToken);
    }

    public static HandoverResponse Response(HandoverCheck check, IReadOnlyList<HandoverSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(signatures);
        using var parsed = JsonDocument.Parse(check.Document);
        return new HandoverResponse(
            check.Id,
            check.OrderRef,
            check.Verdict,
            check.Supersedes,
            check.SupersededBy,
            check.CompletedAt is { } done ? ShipmentsApi.Utc(done) : null,
            check.DocumentSha256,
            HandoverDocument.Sha256(check.Document) == check.DocumentSha256,
            parsed.RootElement.Clone(),
            check.Document,
            signatures.Select(s => new SignatureResponse(s.Id, s.PrintedName, s.Party, s.Meaning, s.Comment, ShipmentsApi.Utc(s.SignedAt), s.DocumentSha256, s.Binding,
                s.DocumentSha256 == check.DocumentSha256 && HandoverSigning.Bind(s) == s.Binding)).ToList());
    }
}
