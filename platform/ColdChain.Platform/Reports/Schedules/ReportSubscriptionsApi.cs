using System.ComponentModel.DataAnnotations;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Reports.Building;
using ColdChain.Platform.Reports.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Reports.Schedules;

/// <summary>Scheduled e-mail reports: compliance officers and admins create, list and delete subscriptions; each change is audited.</summary>
public static class ReportSubscriptionsApi
{
    public const string SiteScope = "site", AssetScope = "asset";
    private const int MaxRecipients = 20;
    private static readonly EmailAddressAttribute Email = new();

    public sealed record SubscriptionRequest(string? Scope, string? Id, string? Period, string? Format, string? Lang, string? Profile, IReadOnlyList<string>? Recipients, string? SendAt);

    /// <summary>A subscription with the period it sends next and, after a failed send, the last attempt, its error and the next try.</summary>
    public sealed record SubscriptionResponse(
        Guid Id, string Scope, string ScopeId, string Site, string TimeZone, string Period, string Format, string Language, string Profile,
        IReadOnlyList<string> Recipients, string SendAt, string CreatedBy, DateTimeOffset CreatedAt,
        DateTimeOffset NextPeriodFrom, DateTimeOffset NextPeriodTo, DateTimeOffset DueAt,
        int FailedAttempts, DateTimeOffset? LastAttemptAt, string? LastError, DateTimeOffset? NextTryAt, DateTimeOffset? LastSentAt, string? LastVerificationId);

    public static IEndpointRouteBuilder MapReportSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports/subscriptions").WithTags("Reports");
        api.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.ManageReportSchedules)
            .WithName("CreateReportSubscription")
            .WithSummary("Subscribes recipients to a site's or an asset's log, sent by e-mail after each period (daily, weekly, monthly; site time zone) at sendAt local time, as format=pdf|csv|epcis in lang=en|zh-CN.");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ManageReportSchedules)
            .WithName("ListReportSubscriptions")
            .WithSummary("Every subscription with its next period, and after a failed send its last attempt, error and next try.");
        api.MapDelete("/{id:guid}", DeleteAsync)
            .RequireAuthorization(Policies.ManageReportSchedules)
            .WithName("DeleteReportSubscription")
            .WithSummary("Stops a subscription (audited; the reports already sent stay verifiable).");
        return app;
    }

    private static async Task<Results<Created<SubscriptionResponse>, ValidationProblem>> CreateAsync(
        SubscriptionRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        string? site = null;
        string? profile = request.Profile;
        if (request.Scope == AssetScope)
        {
            var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.Id, cancellationToken);
            if (asset is null)
            {
                Add("id", $"no asset has the id '{request.Id}'");
            }
            else
            {
                site = asset.Site;
                profile ??= (await AssetProfiles.ForAsync(db, [asset], cancellationToken)).GetValueOrDefault(asset.Id)?.Id;
            }
        }
        else if (request.Scope == SiteScope)
        {
            var assets = await db.Assets.AsNoTracking().Where(a => a.Site == request.Id).ToListAsync(cancellationToken);
            if (!await db.Sites.AnyAsync(s => s.Id == request.Id, cancellationToken) || assets.Count == 0)
            {
                Add("id", $"no site with assets has the id '{request.Id}'");
            }
            else
            {
                site = request.Id;
                var shared = (await AssetProfiles.ForAsync(db, assets, cancellationToken)).Values.Select(p => p.Id).Distinct(StringComparer.Ordinal).ToList();
                profile ??= shared.Count == 1 ? shared[0] : null;
                if (profile is null)
                {
                    Add("profile", "the site's assets are judged by different profiles: name the one its log is judged against");
                }
            }
        }
        else
        {
            Add("scope", "site or asset");
        }

        if (request.Period is null || !ReportPeriods.All.Contains(request.Period, StringComparer.Ordinal))
        {
            Add("period", $"one of {string.Join(", ", ReportPeriods.All)}");
        }

        if (!ReportFormats.TryParse(request.Format, out var format))
        {
            Add("format", "pdf, csv or epcis");
        }

        if (!ReportText.IsSupported(request.Lang))
        {
            Add("lang", "en or zh-CN");
        }

        if (profile is not null && !await db.Set<TemperatureProfile>().AnyAsync(p => p.Id == profile, cancellationToken))
        {
            Add("profile", $"no temperature profile has the id '{profile}'");
        }

        var recipients = request.Recipients?.Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        if (recipients.Count is 0 or > MaxRecipients || recipients.Any(r => r.Contains(',', StringComparison.Ordinal) || !Email.IsValid(r)))
        {
            Add("recipients", $"1 to {MaxRecipients} e-mail addresses");
        }

        var sendAt = new TimeOnly(6, 0);
        if (request.SendAt is not null && !TimeOnly.TryParseExact(request.SendAt, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out sendAt))
        {
            Add("sendAt", "a local time of day as HH:mm, e.g. 06:00");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "the subscription is not valid");
        }

        var zone = ComplianceReportBuilder.ZoneOf(await db.Sites.Where(s => s.Id == site).Select(s => s.TimeZone).SingleOrDefaultAsync(cancellationToken));
        var now = time.GetUtcNow();
        var (from, to) = ReportPeriods.Containing(request.Period!, now, zone);
        var actor = AuditActor.From(context);
        var subscription = new ReportSubscription
        {
            Id = Guid.NewGuid(),
            ScopeKind = request.Scope!,
            ScopeId = request.Id!,
            Site = site!,
            Period = request.Period!,
            Format = format.WireName(),
            Language = string.IsNullOrEmpty(request.Lang) ? ReportText.English.Language : request.Lang,
            Profile = profile!,
            Recipients = string.Join(',', recipients),
            SendAt = sendAt,
            CreatedAt = now.UtcDateTime,
            CreatedBy = actor.Name,
            PeriodFrom = from.UtcDateTime,
            PeriodTo = to.UtcDateTime,
            DueAt = ReportPeriods.DueAt(to, sendAt, zone).UtcDateTime,
        };
        db.Add(subscription);
        var response = Response(subscription, zone);
        await audit.RecordAsync(db, actor, "report.subscription.create", "report-subscription", subscription.Id.ToString(), newValues: response, cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/reports/subscriptions/{subscription.Id}", response);
    }

    private static async Task<Ok<List<SubscriptionResponse>>> ListAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        var subscriptions = await db.Set<ReportSubscription>().AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var zones = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TimeZone, StringComparer.Ordinal, cancellationToken);
        return TypedResults.Ok(subscriptions.Select(s => Response(s, ComplianceReportBuilder.ZoneOf(zones.GetValueOrDefault(s.Site)))).ToList());
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetailsBody>>> DeleteAsync(Guid id, HttpContext context, PlatformDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        var subscription = await db.Set<ReportSubscription>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown subscription", $"no report subscription has the id '{id}'"));
        }

        db.Remove(subscription);
        await audit.RecordAsync(db, AuditActor.From(context), "report.subscription.delete", "report-subscription", id.ToString(),
            oldValues: new { subscription.ScopeKind, subscription.ScopeId, subscription.Period, subscription.Format, subscription.Language, subscription.Recipients }, cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }

    private static SubscriptionResponse Response(ReportSubscription s, TimeZoneInfo zone) => new(
        s.Id, s.ScopeKind, s.ScopeId, s.Site, zone.Id, s.Period, s.Format, s.Language, s.Profile,
        s.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries), s.SendAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), s.CreatedBy, Utc(s.CreatedAt),
        Utc(s.PeriodFrom), Utc(s.PeriodTo), Utc(s.DueAt),
        s.Attempts, Nullable(s.LastAttemptAt), s.LastError, Nullable(s.NextTryAt), Nullable(s.LastSentAt), s.LastVerificationId);

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    private static DateTimeOffset? Nullable(DateTime? instant) => instant is { } value ? Utc(value) : null;
}
