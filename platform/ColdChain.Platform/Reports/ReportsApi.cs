using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Reports.Receipts;
using ColdChain.Platform.Reports.Schedules;
using ColdChain.Platform.Reports.Shipments;
using ColdChain.Platform.Reports.Text;
using ColdChain.Platform.Reports.Verification;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Reports;

public static class ReportsApi
{
    /// <summary>One document covers at most this period (a year and a day: a leap year's log in one file).</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(367);

    /// <summary>A year of one-minute readings of a few sensors as CSV is a few hundred MB; the upload is hashed as it streams.</summary>
    private const long MaxUpload = 1L << 30;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Reports");
        api.MapGet("/assets/{id}", AssetAsync)
            .RequireAuthorization(Policies.ReadReports)
            .WithName("GetAssetReport")
            .WithSummary("An asset's temperature log for [from, to) as format=pdf|csv|epcis, lang=en|zh-CN, against the asset's profile or profile=<id>; recorded in the audit trail with its SHA-256.");
        api.MapGet("/sites/{id}", SiteAsync)
            .RequireAuthorization(Policies.ReadReports)
            .WithName("GetSiteReport")
            .WithSummary("Every asset of a site for [from, to); an operator only for their own sites. Same parameters as the asset report.");
        api.MapGet("/shipments/{orderRef}", ShipmentReports.GetAsync)
            .RequireAuthorization(Policies.ReadShipments)
            .WithName("GetShipmentReport")
            .WithSummary("A shipment's log over its custody legs (format=pdf|csv|epcis, lang=en|zh-CN) judged against the shipment's profile, with its signed handovers; recorded in the audit trail with its SHA-256. Operators only for shipments kept on their sites.");
        api.MapPost("/verify", VerifyAsync)
            .RequireAuthorization(Policies.ReadReports)
            .DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUpload))
            .WithFormOptions(multipartBodyLengthLimit: MaxUpload)
            .WithName("VerifyReport")
            .WithSummary("Upload a document (multipart field 'file', or the raw body): answers whether the platform issued it unchanged, and who generated it when.");
        app.MapOperatorSitesApi();
        app.MapHandoverReceiptsApi();
        app.MapReportSubscriptionsApi();
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>>> AssetAsync(
        string id, string? from, string? to, string? format, string? lang, string? profile, HttpContext context, PlatformDbContext db, ReportIssuer issuer, TimeProvider time, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().ReportableBy(context.User).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null)
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown asset", $"no asset has the id '{id}'"));
        }

        profile ??= (await AssetProfiles.ForAsync(db, [asset], cancellationToken)).GetValueOrDefault(asset.Id)?.Id;
        var (request, error) = await ParseAsync(from, to, format, lang, profile, db, time, cancellationToken);
        if (error is not null)
        {
            return TypedResults.BadRequest(error);
        }

        var scope = new ReportScope(ReportScopeKind.Asset, asset.Id, asset.Name, asset.Site, [new CustodySegment(asset.Id, request!.From, request.To)]);
        return await IssueAsync(scope, request.Document, context, issuer, cancellationToken);
    }

    private static async Task<Results<FileStreamHttpResult, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>>> SiteAsync(
        string id, string? from, string? to, string? format, string? lang, string? profile, HttpContext context, PlatformDbContext db, ReportIssuer issuer, TimeProvider time, CancellationToken cancellationToken)
    {
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (site is null || !ReportAccess.MayReportOnSite(context.User, site.Id))
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown site", $"no site has the id '{id}'"));
        }

        var siteAssets = await db.Assets.AsNoTracking().Where(a => a.Site == site.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (siteAssets.Count == 0)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("empty site", $"site '{id}' has no assets to report on"));
        }

        // One document is judged against one profile: the site's, when all its assets share it; otherwise the caller names it.
        var profiles = (await AssetProfiles.ForAsync(db, siteAssets, cancellationToken)).Values.Select(p => p.Id).Distinct(StringComparer.Ordinal).ToList();
        profile ??= profiles.Count == 1 ? profiles[0] : null;
        var (request, error) = await ParseAsync(from, to, format, lang, profile, db, time, cancellationToken);
        if (error is not null)
        {
            return TypedResults.BadRequest(error);
        }

        var assets = siteAssets.Select(a => a.Id).ToList();

        var scope = new ReportScope(ReportScopeKind.Site, site.Id, site.Name, site.Id, [.. assets.Select(a => new CustodySegment(a, request!.From, request.To))]);
        return await IssueAsync(scope, request!.Document, context, issuer, cancellationToken);
    }

    private static async Task<Results<Ok<DocumentVerifier.Verdict>, BadRequest<ProblemDetailsBody>>> VerifyAsync(
        HttpRequest request, HttpContext context, DocumentVerifier verifier, PlatformDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        DocumentVerifier.Verdict verdict;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
            if (file is null || file.Length == 0)
            {
                return TypedResults.BadRequest(new ProblemDetailsBody("no document", "upload the document as the multipart field 'file'"));
            }

            await using var upload = file.OpenReadStream();
            verdict = await verifier.VerifyAsync(upload, cancellationToken);
        }
        else
        {
            if (request.ContentLength is 0 || (request.ContentLength is null && !request.Body.CanRead))
            {
                return TypedResults.BadRequest(new ProblemDetailsBody("no document", "send the document as the body or as the multipart field 'file'"));
            }

            verdict = await verifier.VerifyAsync(request.Body, cancellationToken);
        }

        await audit.RecordAsync(db, AuditActor.From(context), "report.verify", "report", verdict.VerificationId ?? "unknown",
            newValues: new { verdict.Genuine, verdict.Sha256, verdict.Reason }, cancellationToken: cancellationToken);
        return TypedResults.Ok(verdict);
    }

    internal static async Task<FileStreamHttpResult> IssueAsync(ReportScope scope, DocumentRequest request, HttpContext context, ReportIssuer issuer, CancellationToken cancellationToken)
    {
        var (content, document) = await issuer.IssueAsync(scope, request.Profile, request.Format, request.Language, AuditActor.From(context), "download", cancellationToken);
        context.Response.RegisterForDisposeAsync(content);
        context.Response.Headers["X-Document-SHA256"] = document.Sha256;
        context.Response.Headers["X-Verification-Id"] = document.VerificationId;
        var name = $"temperature-log_{scope.Id}_{scope.From.UtcDateTime:yyyyMMdd'T'HHmm}_{scope.To.UtcDateTime:yyyyMMdd'T'HHmm}_{document.VerificationId}.{request.Format.Extension()}";
        return TypedResults.File(content, request.Format.ContentType(), name);
    }

    private sealed record ReportRequest(DateTimeOffset From, DateTimeOffset To, ReportFormat Format, string Language, TemperatureProfile Profile)
    {
        public DocumentRequest Document => new(Format, Language, Profile);
    }

    private static async Task<(ReportRequest? Request, ProblemDetailsBody? Error)> ParseAsync(
        string? from, string? to, string? format, string? lang, string? profile, PlatformDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!InstantParameter.TryParse(to, "to", now, out var end, out var toError))
        {
            return (null, toError);
        }

        if (!InstantParameter.TryParse(from, "from", end.AddDays(-1), out var start, out var fromError))
        {
            return (null, fromError);
        }

        if (end <= start)
        {
            return (null, new ProblemDetailsBody("empty period", "'to' must be after 'from'"));
        }

        if (end - start > MaxPeriod)
        {
            return (null, new ProblemDetailsBody("period too long", $"at most {MaxPeriod.TotalDays:0} days per document"));
        }

        var (document, error) = await ParseDocumentAsync(format, lang, profile, db, cancellationToken);
        return document is null ? (null, error) : (new ReportRequest(start, end, document.Format, document.Language, document.Profile), null);
    }

    internal sealed record DocumentRequest(ReportFormat Format, string Language, TemperatureProfile Profile);

    /// <summary>Format, language and the profile the log is judged against: what every report download names.</summary>
    internal static async Task<(DocumentRequest? Request, ProblemDetailsBody? Error)> ParseDocumentAsync(
        string? format, string? lang, string? profile, PlatformDbContext db, CancellationToken cancellationToken)
    {
        if (!ReportFormats.TryParse(format, out var parsedFormat))
        {
            return (null, new ProblemDetailsBody("unknown format", $"'{format}' is not a format; use pdf, csv or epcis"));
        }

        if (!ReportText.IsSupported(lang))
        {
            return (null, new ProblemDetailsBody("unknown language", $"'{lang}' is not supported; use en or zh-CN"));
        }

        if (string.IsNullOrWhiteSpace(profile))
        {
            return (null, new ProblemDetailsBody("profile required", "the site's assets are judged by different profiles: name the one this log is judged against, profile=<id> (GET /api/profiles), or download per asset"));
        }

        var limits = await db.Set<TemperatureProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == profile, cancellationToken);
        if (limits is null)
        {
            return (null, new ProblemDetailsBody("unknown profile", $"no temperature profile has the id '{profile}'"));
        }

        return (new DocumentRequest(parsedFormat, string.IsNullOrEmpty(lang) ? ReportText.English.Language : lang, limits), null);
    }
}
