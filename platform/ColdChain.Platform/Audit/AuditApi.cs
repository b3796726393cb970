using System.ComponentModel;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Audit;

public static class AuditApi
{
    public const int MaxPageSize = 500;

    public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Page, int PageSize, int Total);

    /// <summary>Read-only by design: nothing in the API edits or deletes an audit entry.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", ListAsync)
            .WithTags("Audit")
            .RequireAuthorization(Policies.ReadAudit)
            .WithName("ListAuditEntries")
            .WithSummary("The audit trail, oldest first, filtered by time [from, to), actor and entity; paged.");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, BadRequest<ProblemDetailsBody>>> ListAsync(
        DateTimeOffset? from, DateTimeOffset? to, string? actor, string? entity,
        [DefaultValue(1)] int? page, [DefaultValue(100)] int? pageSize, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var number = page ?? 1;
        var size = pageSize ?? 100;
        if (number < 1 || size < 1 || size > MaxPageSize)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("invalid paging", $"page ≥ 1 and 1 ≤ pageSize ≤ {MaxPageSize}"));
        }

        var query = db.AuditEntries.AsNoTracking();
        if (from is { } f)
        {
            var start = f.UtcDateTime;
            query = query.Where(a => a.Time >= start);
        }

        if (to is { } t)
        {
            var end = t.UtcDateTime;
            query = query.Where(a => a.Time < end);
        }

        if (!string.IsNullOrEmpty(actor))
        {
            query = query.Where(a => a.Actor == actor);
        }

        if (!string.IsNullOrEmpty(entity))
        {
            query = query.Where(a => a.Entity == entity);
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderBy(a => a.Sequence).Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AuditPage(entries, number, size, total));
    }
}
