using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Reports;
using ColdChain.Platform.Reports.Csv;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>Reports downloaded from the running platform, read back and checked against figures computed here from the raw readings.</summary>
[CancelAfter(180_000)]
public sealed class ReportDownloadTests
{
    private TestPlatform _platform = null!;
    private Caller _officer = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _platform = await TestPlatform.StartAsync(Database.Sqlite);
        await ReportData.SeedAsync(_platform);
        _officer = await _platform.SignInAsNewAsync(Roles.ComplianceOfficer);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _platform.DisposeAsync();

    [Test]
    public async Task The_pdf_prints_per_sensor_statistics_equal_to_those_computed_from_the_raw_readings()
    {
        var (bytes, _) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("pdf")}");

        var text = Squeeze(PdfText(bytes));
        foreach (var sensor in new[] { ReportData.T1, ReportData.T2 })
        {
            var valid = ReportData.Valid(sensor).ToList();
            var expected = Squeeze(string.Concat(sensor, valid.Count.ToString(CultureInfo.InvariantCulture),
                N(valid.Min(v => v.Celsius)), N(valid.Max(v => v.Celsius)), N(valid.Average(v => v.Celsius)), N(IndependentMkt(valid))));
            Assert.That(text, Does.Contain(expected), $"statistics row of {sensor}");
        }

        var outOfRange = ReportData.Valid(ReportData.T1).Count(v => v.Celsius > 4);
        var t2Coverage = 100.0 * ReportData.Valid(ReportData.T2).Count() / (2 * 24 * 60);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(Squeeze($"{N(IndependentMkt(ReportData.Valid(ReportData.T1).ToList()))}{outOfRange} min")), "t1 out of range, one minute per reading");
            Assert.That(text, Does.Contain(Squeeze($"{t2Coverage.ToString("0.00", CultureInfo.InvariantCulture)} %")), "t2 coverage without its silence");
            Assert.That(text, Does.Contain(Squeeze("2026-11-02 00:00 +08:00 – 2026-11-04 00:00 +08:00")), "period in the site's zone with its offset");
            Assert.That(text, Does.Contain(Squeeze(ReportData.Comment)), "the acknowledgement comment, whole");
            Assert.That(text, Does.Contain("LiWei"), "who acknowledged");
            Assert.That(text, Does.Contain("CAL-2025-0117").And.Contain("OVERDUE"), "t2's lapsed certificate marked overdue");
            Assert.That(text, Does.Contain(Squeeze("cr1-t22026-11-02 19:59 +08:002026-11-02 22:00 +08:002 h 01 min")), "t2's gap, from its last reading before the silence to the first after");
        });
    }

    [Test]
    public async Task The_pdf_numbers_its_pages_and_names_its_generator_and_verification_id()
    {
        var (bytes, response) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("pdf")}");

        using var pdf = PdfDocument.Open(bytes);
        var pages = pdf.GetPages().ToList();
        var id = response.Headers.GetValues("X-Verification-Id").Single();
        Assert.Multiple(() =>
        {
            Assert.That(Squeeze(pages[^1].Text), Does.Contain(Squeeze($"Page {pages.Count} of {pages.Count}")));
            Assert.That(Squeeze(pages[0].Text), Does.Contain(Squeeze($"Page 1 of {pages.Count}")).And.Contain(id).And.Contain(_officer.Name));
        });
    }

    [Test]
    public async Task The_chinese_pdf_is_in_chinese()
    {
        var (bytes, _) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("pdf", "zh-CN")}");

        var text = Squeeze(PdfText(bytes));
        Assert.That(text, Does.Contain("温度记录").And.Contain("冷库一号").And.Contain("平均动力学温度").And.Contain("第1").And.Contain("共"));
    }

    [Test]
    public async Task Text_copied_from_the_chinese_pdf_is_the_text_printed()
    {
        var (bytes, _) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("pdf", "zh-CN")}");
        using var folder = new TempFolder("coldchain-report-text");
        var path = Path.Combine(folder.Path, "report.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        if (!File.Exists("/usr/bin/pdftotext"))
        {
            Assert.Ignore("pdftotext (poppler-utils) is not installed");
        }

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/pdftotext", [path, "-"]) { RedirectStandardOutput = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(text, Does.Contain("冷库一号").And.Contain("生成人").And.Contain("第 1 页").And.Contain("2026-11-02 00:00 +08:00 – 2026-11-04 00:00 +08:00"));
    }

    [Test]
    public async Task Every_download_is_in_the_audit_trail_with_the_documents_sha256()
    {
        var (bytes, response) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("csv")}");

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var id = response.Headers.GetValues("X-Verification-Id").Single();
        var entry = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "report.issue" && a.EntityId == id));
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("X-Document-SHA256").Single(), Is.EqualTo(sha));
            Assert.That(entry.NewValues, Does.Contain(sha));
            Assert.That(entry.Actor, Is.EqualTo(_officer.Name));
        });
    }

    [Test]
    public async Task The_csv_has_the_header_block_and_one_row_per_reading_with_local_time_and_certificate()
    {
        var (bytes, _) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("csv")}");

        var lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines.TakeWhile(l => l.StartsWith('#')).ToList();
        var rows = lines.SkipWhile(l => l.StartsWith('#')).ToList();
        var fault = rows.Single(r => r.Contains("sensor_fault", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(header, Has.Some.Contains("profile chilled-0-4").And.Some.Contains("min 0 C; max 4 C").And.Some.Contains("verification id"));
            Assert.That(header, Has.Some.Contains("period 2026-11-01T16:00:00Z to 2026-11-03T16:00:00Z"));
            Assert.That(rows[0], Is.EqualTo(string.Join(',', ReportCsv.Columns)));
            Assert.That(rows.Count - 1, Is.EqualTo(ReportData.Readings.Count), "one row per reading, none dropped, none invented");
            Assert.That(rows, Has.Some.EqualTo("2026-11-01T16:00:00.000Z,2026-11-02T00:00:00.000+08:00,dc-north,cold-room-1,cr1-door,door,0,open,ok,"));
            Assert.That(rows, Has.Some.StartsWith("2026-11-01T16:00:00.000Z,2026-11-02T00:00:00.000+08:00,dc-north,cold-room-1,cr1-t1,temperature,2.5,°C,ok,CAL-2026-0042"));
            Assert.That(rows, Has.Some.Contains(",cr1-t2,temperature,").And.Some.EndsWith(",none"), "t2 has no certificate in force");
            Assert.That(fault, Does.Contain(",cr1-t1,temperature,,°C,sensor_fault,"), "a fault has no value, never a number");
        });
    }

    [Test]
    public async Task Verify_accepts_the_original_and_refuses_a_one_byte_change()
    {
        var (bytes, response) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("pdf")}");
        var changed = (byte[])bytes.Clone();
        changed[bytes.Length / 2] ^= 0x01;

        var original = await VerifyAsync(bytes);
        var tampered = await VerifyAsync(changed);

        var id = response.Headers.GetValues("X-Verification-Id").Single();
        Assert.Multiple(() =>
        {
            Assert.That(original.GetProperty("genuine").GetBoolean(), Is.True, original.ToString());
            Assert.That(original.GetProperty("verificationId").GetString(), Is.EqualTo(id));
            Assert.That(original.GetProperty("generatedBy").GetString(), Is.EqualTo(_officer.Name));
            Assert.That(tampered.GetProperty("genuine").GetBoolean(), Is.False);
            Assert.That(tampered.GetProperty("verificationId").GetString(), Is.EqualTo(id), "names the document it pretends to be");
            Assert.That(tampered.GetProperty("reason").GetString(), Does.Contain("changed"));
        });
    }

    [Test]
    public async Task A_year_sized_upload_over_the_default_request_limit_is_verified()
    {
        var large = new byte[40_000_000]; // Kestrel refuses bodies over 30 MB unless an endpoint allows more

        var verdict = await VerifyAsync(large);

        Assert.That(verdict.GetProperty("genuine").GetBoolean(), Is.False);
        Assert.That(verdict.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(large))));
    }

    [Test]
    public async Task A_signature_that_does_not_hold_is_not_genuine_even_with_the_hash_on_record()
    {
        var (bytes, response) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("epcis")}");
        var id = response.Headers.GetValues("X-Verification-Id").Single();

        // Someone with write access to the database but not to the key re-dates the record.
        await _platform.SqlAsync($"UPDATE \"IssuedDocuments\" SET \"GeneratedBy\" = 'someone else' WHERE \"VerificationId\" = '{id}'");
        var verdict = await VerifyAsync(bytes);

        Assert.That(verdict.GetProperty("genuine").GetBoolean(), Is.False);
    }

    [Test]
    public async Task An_operator_downloads_their_own_sites_reports_only_and_a_driver_none()
    {
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);
        var operatorEmail = $"operator-{Guid.NewGuid():N}@test.coldchain.local";
        var before = await _platform.SignInAsNewAsync(Roles.Operator, operatorEmail);
        using (var set = await _platform.SendAsync(admin, HttpMethod.Put, $"/api/users/{before.UserId}/sites", new { sites = new[] { ReportData.Site } }))
        {
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var operatorCaller = await _platform.SignInAsync(operatorEmail, TestPlatform.Password);
        var driver = await _platform.SignInAsNewAsync(Roles.Driver);
        var query = ReportData.Query("csv");

        using var own = await _platform.SendAsync(operatorCaller, HttpMethod.Get, $"/api/reports/sites/{ReportData.Site}?{query}");
        using var ownAsset = await _platform.SendAsync(operatorCaller, HttpMethod.Get, $"/api/reports/assets/{ReportData.Asset}?{query}");
        using var other = await _platform.SendAsync(operatorCaller, HttpMethod.Get, $"/api/reports/sites/{ReportData.OtherSite}?{query}");
        using var otherAsset = await _platform.SendAsync(operatorCaller, HttpMethod.Get, $"/api/reports/assets/{ReportData.OtherAsset}?{query}");
        using var sessionFromBefore = await _platform.SendAsync(before, HttpMethod.Get, $"/api/reports/sites/{ReportData.Site}?{query}");
        using var byDriver = await _platform.SendAsync(driver, HttpMethod.Get, $"/api/reports/assets/{ReportData.Asset}?{query}");
        Assert.Multiple(() =>
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ownAsset.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherAsset.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(sessionFromBefore.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a session is re-checked on every request: the sites apply at once");
            Assert.That(byDriver.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task The_epcis_download_validates_against_the_GS1_schema()
    {
        var (bytes, _) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{ReportData.Query("epcis")}");

        var document = System.Text.Json.Nodes.JsonNode.Parse(bytes)!.AsObject();
        Assert.That(EpcisSchema.Problems(document), Is.Null);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.That(text, Does.Contain("\"ALARM_CONDITION\"").And.Contain("\"ERROR_CONDITION\"").And.Contain("\"eventTimeZoneOffset\": \"+08:00\""));
    }

    [TestCase("format=xlsx&profile=chilled-0-4", "unknown format")]
    [TestCase("lang=fr&profile=chilled-0-4", "unknown language")]
    [TestCase("profile=nope", "unknown profile")]
    [TestCase("from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z&profile=chilled-0-4", "period too long")]
    [TestCase("from=2026-11-02", "invalid 'from'")]
    public async Task A_bad_parameter_gets_a_clear_error(string query, string title)
    {
        using var response = await _platform.SendAsync(_officer, HttpMethod.Get, $"/api/reports/assets/{ReportData.Asset}?{query}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(title));
    }

    [Test]
    public async Task A_log_without_a_named_profile_is_judged_by_the_asset_s_own_profile()
    {
        await _platform.SqlAsync($"UPDATE \"Assets\" SET \"Profile\" = 'pharma-2-8' WHERE \"Id\" = '{ReportData.Asset}'");
        try
        {
            var query = ReportData.Query("csv").Replace("&profile=chilled-0-4", string.Empty, StringComparison.Ordinal);
            var (bytes, _) = await DownloadAsync($"/api/reports/assets/{ReportData.Asset}?{query}");

            Assert.That(System.Text.Encoding.UTF8.GetString(bytes), Does.Contain("profile pharma-2-8"));
        }
        finally
        {
            await _platform.SqlAsync($"UPDATE \"Assets\" SET \"Profile\" = NULL WHERE \"Id\" = '{ReportData.Asset}'");
        }
    }

    internal static double IndependentMkt(List<(DateTimeOffset At, double Celsius)> readings)
    {
        // USP <1079.2>, each reading weighted by the time until the next (one minute when a gap follows or at the end).
        double sum = 0, weights = 0;
        for (var i = 0; i < readings.Count; i++)
        {
            var untilNext = i + 1 < readings.Count ? (readings[i + 1].At - readings[i].At).TotalMinutes : 1;
            var weight = untilNext <= 2 ? untilNext : 1;
            sum += weight * Math.Exp(-10_000 / (readings[i].Celsius + 273.15));
            weights += weight;
        }

        return (10_000 / -Math.Log(sum / weights)) - 273.15;
    }

    private async Task<(byte[] Bytes, HttpResponseMessage Response)> DownloadAsync(string path)
    {
        var response = await _platform.SendAsync(_officer, HttpMethod.Get, path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var bytes = await response.Content.ReadAsByteArrayAsync();

        // Kept beside the test results so a person can open (or pdftoppm) what the tests read.
        var samples = Directory.CreateDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-samples"));
        await File.WriteAllBytesAsync(Path.Combine(samples.FullName, $"{TestContext.CurrentContext.Test.MethodName}-{response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"')}"), bytes);
        return (bytes, response);
    }

    private async Task<JsonElement> VerifyAsync(byte[] document)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(document);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "report");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports/verify") { Content = form };
        _officer.Authenticate(request);
        using var response = await _platform.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Concat(pdf.GetPages().Select(p => p.Text));
    }

    private static string N(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Without white space, and in NFKC with U+2012 read as an en dash: PdfPig reads a shared CJK glyph by its first
    /// code point (⼀ for 一) and ignores the ActualText the PDF carries (poppler honours it; see the pdftotext test).
    /// </summary>
    private static string Squeeze(string text) => string.Concat(text.Normalize(NormalizationForm.FormKC).Replace('\u2012', '–').Where(c => !char.IsWhiteSpace(c)));
}
