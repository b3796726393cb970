using System.Security.Claims;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Reports.Verification;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Handovers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Reports.Shipments;

/// <summary>
/// A shipment's log: its custody legs (an open leg up to now) as report segments and its completed handovers with
/// their verdicts and signatures, judged against the shipment's profile.
/// </summary>
public static class ShipmentReports
{
    public static async Task<Results<FileStreamHttpResult, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>>> GetAsync(
        string orderRef, string? format, string? lang, HttpContext context, PlatformDbContext db, ReportIssuer issuer, TimeProvider time, CancellationToken cancellationToken)
    {
        var shipment = await db.Set<Shipment>().AsNoTracking().Include(s => s.Legs).SingleOrDefaultAsync(s => s.OrderRef == orderRef, cancellationToken);
        if (shipment is null || !await MayReportAsync(context.User, shipment, db, cancellationToken))
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown shipment", $"no shipment has the order reference '{orderRef}'"));
        }

        var (request, error) = await ReportsApi.ParseDocumentAsync(format, lang, shipment.Profile, db, cancellationToken);
        if (request is null)
        {
            return TypedResults.BadRequest(error!);
        }

        var scope = await ScopeAsync(db, shipment, time.GetUtcNow(), cancellationToken);
        return await ReportsApi.IssueAsync(scope, request, context, issuer, cancellationToken);
    }

    /// <summary>The shipment as a report scope: one segment per custody leg, one handover per completed (both signed) check.</summary>
    public static async Task<ReportScope> ScopeAsync(PlatformDbContext db, Shipment shipment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        var legs = shipment.Legs.OrderBy(l => l.Index).ToList();
        var firstAsset = legs[0].Asset;
        var site = await db.Assets.AsNoTracking().Where(a => a.Id == firstAsset).Select(a => a.Site).SingleOrDefaultAsync(cancellationToken) ?? string.Empty;
        var checks = await db.Set<HandoverCheck>().AsNoTracking()
            .Where(c => c.ShipmentId == shipment.Id && c.CompletedAt != null && c.SupersededBy == null)
            .ToListAsync(cancellationToken);
        var ids = checks.Select(c => c.Id).ToList();
        var signatures = await db.Set<HandoverSignature>().AsNoTracking().Where(s => ids.Contains(s.CheckId)).ToListAsync(cancellationToken);
        var handovers = checks.OrderBy(c => c.HandoverAt).Select(c => new ReportHandover(
            Utc(c.HandoverAt), c.FromParty, c.ToParty, c.Verdict,
            [.. signatures.Where(s => s.CheckId == c.Id).OrderBy(s => s.SignedAt).Select(s => new ReportSignature($"{s.PrintedName} ({s.Party})", Utc(s.SignedAt), s.Meaning))]))
            .ToList();
        var segments = legs.Select(l => new CustodySegment(l.Asset, Utc(l.From), l.To is { } to ? Utc(to) : Max(now, Utc(l.From).AddMinutes(1)))).ToList();
        return new ReportScope(ReportScopeKind.Shipment, shipment.OrderRef, $"{shipment.OrderRef} · {shipment.Product}", site, segments)
        {
            Handovers = handovers,
            Sscc = shipment.Sscc,
        };
    }

    /// <summary>Compliance, admins and API clients with <c>reports:read</c> or <c>shipments:write</c> (the order platform); an operator when every leg is on their sites.</summary>
    private static async Task<bool> MayReportAsync(ClaimsPrincipal user, Shipment shipment, PlatformDbContext db, CancellationToken cancellationToken)
    {
        if (user.HasClaim(Scopes.ClaimType, Scopes.ShipmentsWrite))
        {
            return true;
        }

        var assets = shipment.Legs.Select(l => l.Asset).Distinct(StringComparer.Ordinal).ToList();
        var reportable = await db.Assets.AsNoTracking().ReportableBy(user).CountAsync(a => assets.Contains(a.Id), cancellationToken);
        return reportable == assets.Count;
    }

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
