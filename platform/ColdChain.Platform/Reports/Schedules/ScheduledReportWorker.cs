using System.Globalization;
using System.Linq.Expressions;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Reports.Building;
using ColdChain.Platform.Reports.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ColdChain.Platform.Reports.Schedules;

/// <summary>
/// Sends each subscription's report once its period is over, at the site's local send time: the report is issued like
/// a download (hashed, signed, audited) and mailed as an attachment through the alarm SMTP relay. A failed send keeps
/// the period and is retried with a doubling delay (capped), every attempt recorded on the subscription and in the
/// audit trail; periods missed while the platform was down are sent one after the other, none skipped. The table is
/// the queue, so a restart loses nothing. Replicas share it: an instance claims a due period in one conditional update
/// before it sends (<see cref="ReportSubscription.ClaimedBy"/>), so each period goes out once.
/// </summary>
public sealed partial class ScheduledReportWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<ReportSchedulesOptions> options, ILogger<ScheduledReportWorker> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                    // Catch up: a platform that was down owes one report per missed period.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(e.Message);
            }
        }
        while (await NextTickAsync(stoppingToken));
    }

    private async Task<bool> NextTickAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await time.NextTickAsync(options.Value.PollInterval, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One pass over the subscriptions that are due; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = time.GetUtcNow().UtcDateTime;
            due = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<ReportSubscription>().AsNoTracking()
                .Where(DueAndUnclaimed(now))
                .OrderBy(s => s.DueAt)
                .Select(s => s.Id)
                .Take(20)
                .ToListAsync(cancellationToken);
        }

        var sent = 0;
        foreach (var id in due)
        {
            // A scope per subscription: one failure leaves no half-tracked state behind for the next.
            await using var scope = scopes.CreateAsyncScope();
            if (await SendAsync(scope.ServiceProvider, id, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> SendAsync(IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PlatformDbContext>();
        var audit = services.GetRequiredService<AuditTrail>();
        if (!await ClaimAsync(db, id, cancellationToken))
        {
            return false; // another replica sends it, or has sent it since the due list was read
        }

        var subscription = await db.Set<ReportSubscription>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return false;
        }

        var actor = new AuditActor(AuditActor.SystemKind, $"report schedule {subscription.Id} (set up by {subscription.CreatedBy})", null);
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscription.Site, cancellationToken);
        var zone = ComplianceReportBuilder.ZoneOf(site?.TimeZone);
        var from = Utc(subscription.PeriodFrom);
        var to = Utc(subscription.PeriodTo);
        try
        {
            var scope = await ScopeAsync(db, subscription, from, to, cancellationToken);
            var profile = await db.Set<TemperatureProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == subscription.Profile, cancellationToken)
                ?? throw new InvalidOperationException($"the temperature profile '{subscription.Profile}' no longer exists");
            ReportFormats.TryParse(subscription.Format, out var format);
            var issuer = services.GetRequiredService<ReportIssuer>();
            var (content, document) = await issuer.IssueAsync(scope, profile, format, subscription.Language, actor, "schedule", cancellationToken);
            await using (content)
            {
                using var message = Compose(subscription, scope, document, zone, content, format);
                await services.GetRequiredService<EmailChannel>().SendOnceAsync(message, cancellationToken);
            }

            var attempts = subscription.Attempts + 1;
            var now = time.GetUtcNow().UtcDateTime;
            var (nextFrom, nextTo) = ReportPeriods.After(subscription.Period, to, zone);
            subscription.LastSentAt = now;
            subscription.LastAttemptAt = now;
            subscription.LastVerificationId = document.VerificationId;
            subscription.LastError = null;
            subscription.Attempts = 0;
            subscription.NextTryAt = null;
            subscription.ClaimedBy = null;
            subscription.ClaimedUntil = null;
            subscription.PeriodFrom = nextFrom.UtcDateTime;
            subscription.PeriodTo = nextTo.UtcDateTime;
            subscription.DueAt = ReportPeriods.DueAt(nextTo, subscription.SendAt, zone).UtcDateTime;
            await audit.RecordAsync(db, actor, "report.schedule.send", "report-subscription", subscription.Id.ToString(), newValues: new
            {
                From = from, To = to, document.VerificationId, document.Sha256, document.Format, subscription.Recipients, Attempts = attempts,
            }, cancellationToken: cancellationToken);
            LogSent(subscription.Id, from, to, document.VerificationId, attempts);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The issuing may have left tracked rows behind; the failure is recorded on a clean slate.
            db.ChangeTracker.Clear();
            var failed = await db.Set<ReportSubscription>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (failed is null)
            {
                return false;
            }

            var settings = options.Value;
            var now = time.GetUtcNow().UtcDateTime;
            failed.Attempts++;
            failed.LastAttemptAt = now;
            failed.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            var delay = settings.RetryDelay * Math.Pow(2, Math.Min(failed.Attempts - 1, 20));
            failed.NextTryAt = now + (delay < settings.MaxRetryDelay ? delay : settings.MaxRetryDelay);
            failed.ClaimedBy = null;
            failed.ClaimedUntil = null;
            await audit.RecordAsync(db, actor, "report.schedule.failed", "report-subscription", failed.Id.ToString(), newValues: new
            {
                From = from, To = to, failed.Attempts, Error = failed.LastError, failed.NextTryAt,
            }, cancellationToken: cancellationToken);
            LogFailed(failed.Id, failed.Attempts, failed.LastError, failed.NextTryAt.Value);
            return false;
        }
    }

    /// <summary>
    /// Takes the due period for this instance in one conditional update, atomic on SQLite and PostgreSQL alike: of
    /// replicas that read the same due list, one gets it. A claim left by an instance that died expires.
    /// </summary>
    private async Task<bool> ClaimAsync(PlatformDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + options.Value.ClaimLease;
        return await db.Set<ReportSubscription>()
            .Where(s => s.Id == id)
            .Where(DueAndUnclaimed(now))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClaimedBy, _instance).SetProperty(s => s.ClaimedUntil, until), cancellationToken) == 1;
    }

    /// <summary>Its period (or retry) is due and no instance holds a claim on it that is still running.</summary>
    private static Expression<Func<ReportSubscription, bool>> DueAndUnclaimed(DateTime now) =>
        s => (s.NextTryAt ?? s.DueAt) <= now && (s.ClaimedUntil == null || s.ClaimedUntil < now);

    private static async Task<ReportScope> ScopeAsync(PlatformDbContext db, ReportSubscription subscription, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (subscription.ScopeKind == ReportSubscriptionsApi.AssetScope)
        {
            var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == subscription.ScopeId, cancellationToken)
                ?? throw new InvalidOperationException($"the asset '{subscription.ScopeId}' no longer exists");
            return new ReportScope(ReportScopeKind.Asset, asset.Id, asset.Name, asset.Site, [new CustodySegment(asset.Id, from, to)]);
        }

        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscription.ScopeId, cancellationToken)
            ?? throw new InvalidOperationException($"the site '{subscription.ScopeId}' no longer exists");
        var assets = await db.Assets.AsNoTracking().Where(a => a.Site == site.Id).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(cancellationToken);
        if (assets.Count == 0)
        {
            throw new InvalidOperationException($"the site '{site.Id}' has no assets to report on");
        }

        return new ReportScope(ReportScopeKind.Site, site.Id, site.Name, site.Id, [.. assets.Select(a => new CustodySegment(a, from, to))]);
    }

    private static MimeMessage Compose(ReportSubscription subscription, ReportScope scope, IssuedDocument document, TimeZoneInfo zone, Stream content, ReportFormat format)
    {
        var message = new MimeMessage();
        foreach (var recipient in subscription.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        var period = $"{Local(scope.From, zone)} – {Local(scope.To, zone)}";
        message.Subject = $"ColdChain {subscription.Period} temperature log: {scope.Title} ({scope.Id}), {period}";
        message.Headers.Add("X-ColdChain-Report-Subscription", subscription.Id.ToString());
        message.Headers.Add("X-ColdChain-Verification-Id", document.VerificationId);
        var body = new TextPart("plain")
        {
            Text = string.Join('\n',
                $"The {subscription.Period} temperature log of {scope.Kind.ToString().ToLowerInvariant()} {scope.Title} ({scope.Id}) is attached.",
                string.Empty,
                $"Period:           {period} ({zone.Id})",
                $"Profile:          {subscription.Profile}",
                $"Verification id:  {document.VerificationId}",
                $"SHA-256:          {document.Sha256}",
                string.Empty,
                "Upload the attachment to POST /api/reports/verify: the platform answers whether it issued it unchanged.",
                $"Subscription {subscription.Id}, set up by {subscription.CreatedBy}."),
        };
        var attachment = new MimePart(format.ContentType().Split(';')[0])
        {
            Content = new MimeContent(content),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = $"temperature-log_{scope.Id}_{scope.From.UtcDateTime:yyyyMMdd'T'HHmm}_{scope.To.UtcDateTime:yyyyMMdd'T'HHmm}_{document.VerificationId}.{format.Extension()}",
        };
        message.Body = new Multipart("mixed") { body, attachment };
        return message;
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled report {Subscription} for {From:O}–{To:O} sent as {VerificationId} (attempt {Attempts})")]
    private partial void LogSent(Guid subscription, DateTimeOffset from, DateTimeOffset to, string verificationId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled report {Subscription} failed (attempt {Attempts}): {Error}; next try at {NextTry:O}")]
    private partial void LogFailed(Guid subscription, int attempts, string error, DateTime nextTry);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled report pass failed: {Error}")]
    private partial void LogPassFailed(string error);
}
