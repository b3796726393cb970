using System.Security.Claims;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Reports.Building;
using ColdChain.Platform.Reports.Text;
using ColdChain.Platform.Reports.Verification;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Handovers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Reports.Receipts;

/// <summary>
/// The receipt of a signed handover as a PDF, issued like every report (hashed, signed, recorded in the audit trail
/// with its hash), so <c>POST /api/reports/verify</c> accepts it. Whoever may read the handover may download it.
/// </summary>
public static class HandoverReceipts
{
    public static IEndpointRouteBuilder MapHandoverReceiptsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/handovers/{id:guid}/receipt", GetAsync)
            .WithTags("Shipments")
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetHandoverReceipt")
            .WithSummary("A one-page PDF receipt of a signed handover (lang=en|zh-CN): verdict, evidence, the leg's chart, signatures, the check document's SHA-256 and a verification id. Shipment readers and members of either party; 409 until both parties signed.");
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>, Conflict<ProblemDetailsBody>>> GetAsync(
        Guid id, string? lang, HttpContext context, ClaimsPrincipal user, PlatformDbContext db, ComplianceReportBuilder builder, ReportIssuer issuer, CancellationToken cancellationToken)
    {
        var check = await db.Set<HandoverCheck>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (check is null || !await HandoversApi.MayReadAsync(user, check, db, cancellationToken))
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown handover", $"no handover check has the id '{id}'"));
        }

        if (!ReportText.IsSupported(lang))
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("unknown language", $"'{lang}' is not supported; use en or zh-CN"));
        }

        if (check.CompletedAt is null)
        {
            return TypedResults.Conflict(new ProblemDetailsBody("not signed", "a receipt is issued once both parties have signed the handover"));
        }

        var actor = AuditActor.From(context);
        var issue = issuer.NewIssue(actor, string.IsNullOrEmpty(lang) ? ReportText.English.Language : lang);
        var receipt = await BuildAsync(db, builder, check, issue, cancellationToken);
        var leg = receipt.Leg.Assets[0];
        var subject = new IssuedSubject(ReportFormat.Pdf, "handover", check.Id.ToString(), leg.From, leg.To, receipt.Leg.Profile.Id);
        var (content, document) = await issuer.IssueAsync(issue, subject, actor, "download", (file, _) =>
        {
            HandoverReceiptPdf.Render(receipt, file);
            return Task.CompletedTask;
        }, cancellationToken);
        context.Response.RegisterForDisposeAsync(content);
        context.Response.Headers["X-Document-SHA256"] = document.Sha256;
        context.Response.Headers["X-Verification-Id"] = document.VerificationId;
        return TypedResults.File(content, ReportFormat.Pdf.ContentType(), $"handover-receipt_{check.OrderRef}_leg{check.LegIndex}_{document.VerificationId}.pdf");
    }

    /// <summary>The check, its signatures, and the leg it ends (from the leg's start to the handover) built as a one-asset report.</summary>
    public static async Task<HandoverReceipt> BuildAsync(PlatformDbContext db, ComplianceReportBuilder builder, HandoverCheck check, ReportIssue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(check);
        var shipment = await db.Set<Shipment>().AsNoTracking().Include(s => s.Legs).SingleAsync(s => s.Id == check.ShipmentId, cancellationToken);
        var leg = shipment.Legs.Single(l => l.Index == check.LegIndex);
        var profile = await db.Set<TemperatureProfile>().AsNoTracking().SingleAsync(p => p.Id == shipment.Profile, cancellationToken);
        var site = await db.Assets.AsNoTracking().Where(a => a.Id == leg.Asset).Select(a => a.Site).SingleOrDefaultAsync(cancellationToken) ?? string.Empty;
        var from = new DateTimeOffset(DateTime.SpecifyKind(leg.From, DateTimeKind.Utc));
        var to = new DateTimeOffset(DateTime.SpecifyKind(check.HandoverAt, DateTimeKind.Utc));
        var scope = new ReportScope(ReportScopeKind.Shipment, shipment.OrderRef, $"{shipment.OrderRef} · {shipment.Product}", site, [new CustodySegment(leg.Asset, from, to)]);
        var context = await builder.ContextAsync(scope, profile, issue, cancellationToken);
        var report = await builder.BuildAsync(context, cancellationToken);
        var signatures = await db.Set<HandoverSignature>().AsNoTracking().Where(s => s.CheckId == check.Id).OrderBy(s => s.SignedAt).ToListAsync(cancellationToken);
        return new HandoverReceipt(check, signatures, report, HandoverDocument.Sha256(check.Document) == check.DocumentSha256);
    }
}
