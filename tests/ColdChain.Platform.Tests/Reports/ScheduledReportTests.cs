using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Reports.Schedules;
using ColdChain.Platform.Tests.Support;
using ColdChain.Protocol.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using UglyToad.PdfPig;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>
/// Scheduled reports through a real SMTP server on the platform's (fake) clock: a Berlin cold room's daily log for the
/// day the clocks go forward (23 hours), due at 06:00 local the next morning.
/// </summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(180_000)]
public sealed class ScheduledReportTests(Database database)
{
    private const string Site = "dc-berlin", Asset = "room-b1", Recipient = "qa@berlin.test";
    private static readonly DateTimeOffset Start = new(2026, 3, 29, 9, 0, 0, TimeSpan.Zero); // 11:00 +02:00, the day DST began
    private static readonly DateTimeOffset DayFrom = new(2026, 3, 28, 23, 0, 0, TimeSpan.Zero); // 2026-03-29 00:00 +01:00
    private static readonly DateTimeOffset DayTo = new(2026, 3, 29, 22, 0, 0, TimeSpan.Zero); // 2026-03-30 00:00 +02:00
    private static readonly DateTimeOffset Due = new(2026, 3, 30, 4, 0, 0, TimeSpan.Zero); // 06:00 +02:00

    private FakeTimeProvider _time = null!;

    [Test]
    public async Task The_days_log_arrives_at_six_local_as_a_pdf_attachment_that_verifies_and_the_send_is_audited()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var platform = await StartAsync(smtp.Port);
        var officer = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);
        var created = await CreateAsync(platform, officer);

        _time.SetUtcNow(Due.AddMinutes(-1));
        var early = await platform.InScopeAsync(s => s.GetRequiredService<ScheduledReportWorker>().SendDueAsync(CancellationToken.None));
        _time.SetUtcNow(Due.AddMinutes(1));
        var mail = await TickUntilAsync(() => Task.FromResult(smtp.Messages()), m => m.Count > 0, "the scheduled mail");
        var message = await MailAsync(mail.Single());
        var pdf = Attachment(message);
        var reader = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);
        var verdict = await VerifyAsync(platform, reader, pdf);
        var subscription = await ViewAsync(platform, reader, created.GetProperty("id").GetGuid());
        var audit = await AuditAsync(platform);

        using var document = PdfDocument.Open(pdf);
        var text = Squeeze(string.Concat(document.GetPages().Select(p => p.Text)));
        Assert.Multiple(() =>
        {
            Assert.That(created.GetProperty("nextPeriodFrom").GetDateTimeOffset(), Is.EqualTo(DayFrom));
            Assert.That(created.GetProperty("nextPeriodTo").GetDateTimeOffset(), Is.EqualTo(DayTo), "23 hours: the clocks went forward");
            Assert.That(created.GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Due));
            Assert.That(early, Is.Zero, "nothing is sent before 06:00 local");
            Assert.That(message.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { Recipient }));
            Assert.That(verdict.GetProperty("genuine").GetBoolean(), Is.True, verdict.ToString());
            Assert.That(verdict.GetProperty("from").GetDateTimeOffset(), Is.EqualTo(DayFrom));
            Assert.That(verdict.GetProperty("to").GetDateTimeOffset(), Is.EqualTo(DayTo));
            Assert.That(text, Does.Contain(Squeeze("2026-03-29 00:00 +01:00 – 2026-03-30 00:00 +02:00")), "the period in the site's zone, both offsets");
            Assert.That(text, Does.Contain(Squeeze("room-b1-t1 600")), "the readings of the 10 hours up to the fake now, one a minute");
            Assert.That(message.Headers["X-ColdChain-Verification-Id"], Is.EqualTo(verdict.GetProperty("verificationId").GetString()));
            Assert.That(subscription.GetProperty("lastVerificationId").GetString(), Is.EqualTo(verdict.GetProperty("verificationId").GetString()));
            Assert.That(subscription.GetProperty("nextPeriodFrom").GetDateTimeOffset(), Is.EqualTo(DayTo), "on to the next day");
            Assert.That(subscription.GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(Due.AddDays(1)));
            Assert.That(subscription.GetProperty("failedAttempts").GetInt32(), Is.Zero);
            Assert.That(audit, Has.Some.Matches<(string Action, string NewValues)>(a => a.Action == "report.schedule.send" && a.NewValues.Contains(verdict.GetProperty("sha256").GetString()!, StringComparison.Ordinal)));
            Assert.That(audit.Select(a => a.Action), Does.Contain("report.subscription.create").And.Contain("report.issue"));
        });
    }

    [Test]
    public async Task A_send_while_the_mail_relay_is_down_is_retried_with_its_error_visible_and_delivered_once_the_relay_is_back()
    {
        var port = FreePort.Next();
        await using var platform = await StartAsync(port);
        var officer = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);
        var id = (await CreateAsync(platform, officer)).GetProperty("id").GetGuid();

        _time.SetUtcNow(Due.AddMinutes(1));
        var firstTry = await TickUntilAsync(() => RowAsync(platform, id), s => s.Attempts == 1, "a failed attempt");
        var reader = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);
        var failed = await ViewAsync(platform, reader, id);
        _time.Advance(TimeSpan.FromMinutes(10));
        var secondTry = await TickUntilAsync(() => RowAsync(platform, id), s => s.Attempts == 2, "a second failed attempt");

        await using var smtp = await SmtpServer.StartAsync(port: port);
        _time.Advance(TimeSpan.FromMinutes(20));
        var mail = await TickUntilAsync(() => Task.FromResult(smtp.Messages()), m => m.Count > 0, "the mail once the relay is back");
        var verifier = await platform.SignInAsNewAsync(Roles.ComplianceOfficer); // half an hour idle on the fake clock ends the reader's session
        var verdict = await VerifyAsync(platform, verifier, Attachment(await MailAsync(mail.Single())));
        var delivered = await Eventually.ReturnsAsync(() => RowAsync(platform, id), s => s.LastSentAt != null, TimeSpan.FromSeconds(30), "recorded as sent");
        var audit = await AuditAsync(platform);

        Assert.Multiple(() =>
        {
            Assert.That(failed.GetProperty("failedAttempts").GetInt32(), Is.EqualTo(1));
            Assert.That(failed.GetProperty("lastError").GetString(), Is.Not.Empty);
            Assert.That(failed.GetProperty("lastAttemptAt").GetDateTimeOffset(), Is.EqualTo(Utc(firstTry.LastAttemptAt!.Value)).And.InRange(Due, Due.AddMinutes(5)));
            Assert.That(failed.GetProperty("nextTryAt").GetDateTimeOffset(), Is.EqualTo(Utc(firstTry.LastAttemptAt.Value) + TimeSpan.FromMinutes(10)), "first retry after RetryDelay");
            Assert.That(secondTry.NextTryAt, Is.EqualTo(secondTry.LastAttemptAt + TimeSpan.FromMinutes(20)), "the delay doubles");
            Assert.That(verdict.GetProperty("genuine").GetBoolean(), Is.True);
            Assert.That(verdict.GetProperty("from").GetDateTimeOffset(), Is.EqualTo(DayFrom), "the same period, not skipped");
            Assert.That(delivered.Attempts, Is.Zero);
            Assert.That(delivered.LastError, Is.Null);
            Assert.That(Utc(delivered.PeriodFrom), Is.EqualTo(DayTo));
            Assert.That(audit.Count(a => a.Action == "report.schedule.failed"), Is.EqualTo(2));
            Assert.That(audit.Count(a => a.Action == "report.schedule.send"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Replicas_that_find_the_same_report_due_at_once_send_it_once()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var platform = await StartAsync(smtp.Port);
        var officer = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);
        var id = (await CreateAsync(platform, officer)).GetProperty("id").GetGuid();

        // Three more platform instances' workers over the same database, besides the hosted one, all finding it due.
        var replicas = Enumerable.Range(0, 3).Select(_ => ActivatorUtilities.CreateInstance<ScheduledReportWorker>(platform.App.Services)).ToList();
        _time.SetUtcNow(Due.AddMinutes(1));
        var sent = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.SendDueAsync(CancellationToken.None))));
        var delivered = await TickUntilAsync(() => RowAsync(platform, id), s => s.LastSentAt != null, "recorded as sent");
        await Task.Delay(500); // a second mail would be on its way by now
        var audit = await AuditAsync(platform);

        Assert.Multiple(() =>
        {
            Assert.That(smtp.Messages(), Has.Count.EqualTo(1), "one mail for the period");
            Assert.That(audit.Count(a => a.Action == "report.schedule.send"), Is.EqualTo(1));
            Assert.That(sent.Sum(), Is.LessThanOrEqualTo(1), "at most one of the replicas sent it (else the hosted worker did)");
            Assert.That(Utc(delivered.PeriodFrom), Is.EqualTo(DayTo), "on to the next day");
            Assert.That((delivered.ClaimedBy, delivered.ClaimedUntil), Is.EqualTo(((string?)null, (DateTime?)null)), "the claim released");
        });
    }

    [Test]
    public async Task Subscriptions_are_validated_listed_and_deleted_with_each_change_audited()
    {
        await using var platform = await StartAsync(FreePort.Next());
        var officer = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);
        var id = (await CreateAsync(platform, officer, period: "weekly", format: "csv")).GetProperty("id").GetGuid();

        using var badRecipient = await platform.SendAsync(officer, HttpMethod.Post, "/api/reports/subscriptions", new { scope = "asset", id = Asset, period = "daily", recipients = new[] { "not an address" } });
        using var badPeriod = await platform.SendAsync(officer, HttpMethod.Post, "/api/reports/subscriptions", new { scope = "asset", id = Asset, period = "hourly", recipients = new[] { Recipient } });
        using var unknownSite = await platform.SendAsync(officer, HttpMethod.Post, "/api/reports/subscriptions", new { scope = "site", id = "nope", period = "daily", recipients = new[] { Recipient } });
        var listed = await platform.SendAsync(officer, HttpMethod.Get, "/api/reports/subscriptions");
        var list = await listed.Content.ReadFromJsonAsync<JsonElement>();
        using var deleted = await platform.SendAsync(officer, HttpMethod.Delete, $"/api/reports/subscriptions/{id}");
        using var again = await platform.SendAsync(officer, HttpMethod.Delete, $"/api/reports/subscriptions/{id}");
        var audit = await AuditAsync(platform);

        Assert.Multiple(() =>
        {
            Assert.That((badRecipient.StatusCode, badPeriod.StatusCode, unknownSite.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
            Assert.That(list.GetArrayLength(), Is.EqualTo(1));
            Assert.That(list[0].GetProperty("nextPeriodFrom").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 3, 23, 0, 0, 0, TimeSpan.FromHours(1))), "the ISO week, from Monday");
            Assert.That(list[0].GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Berlin"));
            Assert.That((deleted.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.NoContent, HttpStatusCode.NotFound)));
            Assert.That(audit.Select(a => a.Action), Does.Contain("report.subscription.create").And.Contain("report.subscription.delete"));
        });
    }

    /// <summary>
    /// Polls like <see cref="Eventually"/>, moving the fake clock on a second per poll: a worker that re-armed its timer
    /// just after the test moved the clock still gets its tick, as it would on a real clock.
    /// </summary>
    private async Task<T> TickUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{what} did not happen within 60 s");
            }

            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }
    }

    private async Task<TestPlatform> StartAsync(int smtpPort)
    {
        _time = new FakeTimeProvider(Start);
        var platform = await TestPlatform.StartAsync(database, s => s.AddSingleton<TimeProvider>(_time),
            "--Notifications:Email:Host=127.0.0.1",
            $"--Notifications:Email:Port={smtpPort.ToString(CultureInfo.InvariantCulture)}",
            "--Notifications:Email:Security=None",
            "--Reports:Schedules:PollInterval=00:01:00",
            "--Reports:Schedules:RetryDelay=00:10:00");
        await platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            db.Sites.Add(new Site { Id = Site, Name = "Berlin DC", TimeZone = "Europe/Berlin" });
            db.Assets.Add(new Asset { Id = Asset, Name = "Berlin cold room 1", Kind = AssetKind.ColdRoom, Site = Site });
            await db.SaveChangesAsync();
            var readings = Enumerable.Range(0, (int)(Start - DayFrom).TotalMinutes)
                .Select(m => new StoredReading(Site, "gw-berlin", Asset, Asset + "-t1", Quantity.Temperature, DayFrom.AddMinutes(m), 3.0 + Math.Sin(m / 90.0), ReadingStatus.Ok))
                .ToList();
            await s.GetRequiredService<ITelemetryStore>().WriteAsync(readings, CancellationToken.None);
            return 0;
        });
        return platform;
    }

    private static async Task<JsonElement> CreateAsync(TestPlatform platform, Caller officer, string period = "daily", string format = "pdf")
    {
        using var response = await platform.SendAsync(officer, HttpMethod.Post, "/api/reports/subscriptions",
            new { scope = "asset", id = Asset, period, format, lang = "en", recipients = new[] { Recipient }, sendAt = "06:00" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return body;
    }

    private static async Task<JsonElement> ViewAsync(TestPlatform platform, Caller caller, Guid id)
    {
        using var response = await platform.SendAsync(caller, HttpMethod.Get, "/api/reports/subscriptions");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        return list.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id);
    }

    private static Task<ReportSubscription> RowAsync(TestPlatform platform, Guid id) =>
        platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Set<ReportSubscription>().AsNoTracking().SingleAsync(x => x.Id == id));

    private static Task<List<(string Action, string NewValues)>> AuditAsync(TestPlatform platform) =>
        platform.InScopeAsync(async s => (await s.GetRequiredService<PlatformDbContext>().AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync())
            .Select(a => (a.Action, a.NewValues ?? string.Empty)).ToList());

    private static async Task<MimeMessage> MailAsync(string raw)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw));
        return await MimeMessage.LoadAsync(stream);
    }

    private static byte[] Attachment(MimeMessage message)
    {
        var part = message.Attachments.OfType<MimePart>().Single();
        Assert.That(part.ContentType.MimeType, Is.EqualTo("application/pdf"));
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        return bytes.ToArray();
    }

    private static async Task<JsonElement> VerifyAsync(TestPlatform platform, Caller caller, byte[] document)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(document);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "report.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports/verify") { Content = form };
        caller.Authenticate(request);
        using var response = await platform.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    private static string Squeeze(string text) => string.Concat(text.Normalize(NormalizationForm.FormKC).Replace('\u2012', '–').Where(c => !char.IsWhiteSpace(c)));
}
