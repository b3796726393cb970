using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Shipments;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>
/// A shipment's log and the receipt of its signed handover, downloaded from the running platform: the warehouse hands
/// PO-1001 to the carrier after six hours in room-1 (one 20-minute excursion to 6.5 °C), both sign, the truck leg opens.
/// </summary>
[CancelAfter(180_000)]
public sealed class ShipmentDocumentTests
{
    private ShipmentScenario _s = null!;
    private Caller _officer = null!;
    private string _handover = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _s = await ShipmentScenario.StartAsync();
        await _s.RegisterAsync();
        var excursion = _s.Start.AddHours(2);
        await _s.WriteReadingsAsync("room-1", "room-1-t1", _s.Start, _s.Now, t => t >= excursion && t < excursion.AddMinutes(20) ? 6.5 : 3.0);
        _handover = (await _s.CheckAsync()).GetProperty("id").GetString()!;
        using (var handedOver = await _s.SignAsync(_s.WarehouseClerk, _handover, "handed-over"))
        using (var received = await _s.SignAsync(_s.Driver, _handover, "received-with-reservation", "two cases dented, contents cold"))
        {
            Assert.That((handedOver.StatusCode, received.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)), await received.Content.ReadAsStringAsync());
        }

        _officer = await _s.Platform.SignInAsNewAsync(Roles.ComplianceOfficer);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _s.DisposeAsync();

    [Test]
    public async Task The_shipment_pdf_covers_both_legs_and_prints_the_handover_with_its_signatures()
    {
        var (bytes, _) = await DownloadAsync(_officer, "/api/reports/shipments/PO-1001?format=pdf");

        var text = Squeeze(PdfText(bytes));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Shipment PO-1001").Or.Contain(Squeeze("Shipment PO-1001")));
            Assert.That(text, Does.Contain("(room-1)").And.Contain("(truck-01)"), "a section per custody leg");
            Assert.That(text, Does.Contain(Squeeze($"{ShipmentScenario.Warehouse} → {ShipmentScenario.Carrier} · Verdict:")));
            Assert.That(text, Does.Contain(Squeeze($"Operator ({ShipmentScenario.Warehouse})")).And.Contain(Squeeze("handed-over")));
            Assert.That(text, Does.Contain(Squeeze($"Driver ({ShipmentScenario.Carrier})")).And.Contain("received-with-reservation"));
            Assert.That(text, Does.Contain("6.50"), "the excursion's peak");
        });
    }

    [Test]
    public async Task The_shipment_epcis_validates_and_ships_and_receives_between_the_custody_parties_naming_the_sscc()
    {
        var (bytes, _) = await DownloadAsync(_officer, "/api/reports/shipments/PO-1001?format=epcis");

        var document = JsonNode.Parse(bytes)!.AsObject();
        var events = document["epcisBody"]!["eventList"]!.AsArray();
        var shipping = events.Single(e => e!["bizStep"]!.GetValue<string>() == "shipping")!;
        var receiving = events.Single(e => e!["bizStep"]!.GetValue<string>() == "receiving")!;
        var observations = events.Where(e => e!["bizStep"]!.GetValue<string>() == "sensor_reporting").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(EpcisSchema.Problems(document), Is.Null);
            Assert.That(observations, Has.Count.EqualTo(2), "one ObjectEvent per custody leg");
            Assert.That(observations[0]!["sensorElementList"]!.ToJsonString(), Does.Contain("ALARM_CONDITION"), "the room's excursion");
            Assert.That(shipping["sourceList"]!.ToJsonString(), Does.Contain($"urn:coldchain:party:{ShipmentScenario.Warehouse}"));
            Assert.That(shipping["destinationList"]!.ToJsonString(), Does.Contain($"urn:coldchain:party:{ShipmentScenario.Carrier}"));
            Assert.That(receiving["destinationList"]!.ToJsonString(), Does.Contain($"urn:coldchain:party:{ShipmentScenario.Carrier}"));
            Assert.That(shipping["eventTime"]!.GetValue<string>(), Is.EqualTo(_s.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)));
            Assert.That(events.Select(e => e!["epcList"]![0]!.GetValue<string>()), Is.All.EqualTo("https://id.gs1.org/00/106141411234567897"));
        });
    }

    [Test]
    public async Task The_shipment_csv_has_every_reading_of_the_room_leg_and_the_download_is_audited_with_its_hash()
    {
        var (bytes, response) = await DownloadAsync(_officer, "/api/reports/shipments/PO-1001?format=csv");

        var rows = Encoding.UTF8.GetString(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(",room-1-t1,", StringComparison.Ordinal)).ToList();
        var id = response.Headers.GetValues("X-Verification-Id").Single();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var entry = await _s.Platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "report.issue" && a.EntityId == id));
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo((int)_s.InRoom.TotalMinutes), "one row per reading of the six hours in room-1");
            Assert.That(entry.NewValues, Does.Contain(sha).And.Contain("\"shipment\"").And.Contain("PO-1001"));
            Assert.That(entry.Actor, Is.EqualTo(_officer.Name));
        });
    }

    [Test]
    public async Task The_order_platform_and_compliance_download_shipment_logs_a_driver_and_an_operator_of_no_site_do_not()
    {
        var operatorWithoutSites = await _s.Platform.SignInAsNewAsync(Roles.Operator);

        using var orderPlatform = await _s.Platform.SendAsync(_s.OrderPlatform, HttpMethod.Get, "/api/reports/shipments/PO-1001?format=csv");
        using var driver = await _s.Platform.SendAsync(_s.Driver, HttpMethod.Get, "/api/reports/shipments/PO-1001?format=csv");
        using var stranger = await _s.Platform.SendAsync(operatorWithoutSites, HttpMethod.Get, "/api/reports/shipments/PO-1001?format=csv");
        using var unknown = await _s.Platform.SendAsync(_officer, HttpMethod.Get, "/api/reports/shipments/PO-9999?format=csv");
        using var badFormat = await _s.Platform.SendAsync(_officer, HttpMethod.Get, "/api/reports/shipments/PO-1001?format=xlsx");

        Assert.Multiple(() =>
        {
            Assert.That(orderPlatform.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(driver.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badFormat.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task The_receipt_is_one_page_with_verdict_evidence_signatures_and_the_check_documents_hash()
    {
        var (bytes, response) = await DownloadAsync(_s.Driver, $"/api/handovers/{_handover}/receipt");
        var handover = await _s.GetAsync(_s.Admin, $"/api/handovers/{_handover}");

        using var pdf = PdfDocument.Open(bytes);
        var text = Squeeze(string.Concat(pdf.GetPages().Select(p => p.Text)));
        var id = response.Headers.GetValues("X-Verification-Id").Single();
        var verdict = handover.GetProperty("verdict").GetString()!.ToUpperInvariant();
        var stats = handover.GetProperty("document").GetProperty("legs")[0].GetProperty("sensors")[0];
        Assert.Multiple(() =>
        {
            Assert.That(pdf.NumberOfPages, Is.EqualTo(1));
            Assert.That(text, Does.Contain(Squeeze($"Handover receipt · Order PO-1001")));
            Assert.That(text, Does.Contain(Squeeze($"Verdict: {verdict}")));
            Assert.That(text, Does.Contain(Squeeze($"room-1-t1{N(stats, "min")}{N(stats, "max")}{N(stats, "mean")}{N(stats, "mkt")}")), "the leg's statistics as the check computed them");
            Assert.That(text, Does.Contain(Squeeze($"Operator{ShipmentScenario.Warehouse}")).And.Contain("handedover"));
            Assert.That(text, Does.Contain(Squeeze($"Driver{ShipmentScenario.Carrier}")).And.Contain("receivedwithreservation").And.Contain(Squeeze("Comment: “two cases dented, contents cold”")));
            Assert.That(text, Does.Contain(handover.GetProperty("documentSha256").GetString()));
            Assert.That(text, Does.Contain(id));
            Assert.That(text, Does.Contain("Productprobeprobe-7:3.10°C"));
        });
    }

    [Test]
    public async Task The_receipt_verifies_and_a_changed_byte_does_not()
    {
        var (bytes, response) = await DownloadAsync(_s.WarehouseClerk, $"/api/handovers/{_handover}/receipt");
        var changed = (byte[])bytes.Clone();
        changed[bytes.Length / 2] ^= 0x01;

        var original = await VerifyAsync(bytes);
        var tampered = await VerifyAsync(changed);
        var id = response.Headers.GetValues("X-Verification-Id").Single();
        var entry = await _s.Platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "report.issue" && a.EntityId == id));

        Assert.Multiple(() =>
        {
            Assert.That(original.GetProperty("genuine").GetBoolean(), Is.True, original.ToString());
            Assert.That(original.GetProperty("scope").GetString(), Is.EqualTo($"handover {_handover}"));
            Assert.That(original.GetProperty("generatedBy").GetString(), Is.EqualTo(_s.WarehouseClerk.Name));
            Assert.That(tampered.GetProperty("genuine").GetBoolean(), Is.False);
            Assert.That(entry.NewValues, Does.Contain(Convert.ToHexStringLower(SHA256.HashData(bytes))));
        });
    }

    [Test]
    public async Task The_chinese_receipt_is_in_chinese()
    {
        var (bytes, _) = await DownloadAsync(_s.Driver, $"/api/handovers/{_handover}/receipt?lang=zh-CN");

        using var pdf = PdfDocument.Open(bytes);
        var text = Squeeze(string.Concat(pdf.GetPages().Select(p => p.Text)));
        Assert.That(pdf.NumberOfPages, Is.EqualTo(1));
        Assert.That(text, Does.Contain("交接回执").And.Contain("签名人").And.Contain("有保留接收").And.Contain("检查文件的SHA-256"));
    }

    [Test]
    public async Task No_receipt_before_both_signed_and_none_for_an_outsider()
    {
        await _s.RegisterAsync("PO-1002");
        var unsigned = (await _s.CheckAsync("PO-1002")).GetProperty("id").GetString()!;

        using var early = await _s.Platform.SendAsync(_s.Admin, HttpMethod.Get, $"/api/handovers/{unsigned}/receipt");
        using var outsider = await _s.Platform.SendAsync(_s.OtherDriver, HttpMethod.Get, $"/api/handovers/{_handover}/receipt");
        using var french = await _s.Platform.SendAsync(_s.Admin, HttpMethod.Get, $"/api/handovers/{_handover}/receipt?lang=fr");

        Assert.Multiple(() =>
        {
            Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(outsider.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(french.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    private static string N(JsonElement sensor, string property) => sensor.GetProperty(property).GetDouble().ToString("0.00", CultureInfo.InvariantCulture);

    private async Task<(byte[] Bytes, HttpResponseMessage Response)> DownloadAsync(Caller caller, string path)
    {
        var response = await _s.Platform.SendAsync(caller, HttpMethod.Get, path);
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
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "receipt.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports/verify") { Content = form };
        _officer.Authenticate(request);
        using var response = await _s.Platform.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Concat(pdf.GetPages().Select(p => p.Text));
    }

    /// <summary>Without white space, and in NFKC (PdfPig reads a shared CJK glyph by its first code point).</summary>
    private static string Squeeze(string text) => string.Concat(text.Normalize(NormalizationForm.FormKC).Replace('\u2012', '–').Where(c => !char.IsWhiteSpace(c)));
}
