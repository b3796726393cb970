using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>
/// The shipment pages (list, custody timeline, handover evidence, signing with re-authentication) and the compliance
/// pages (report download, upload-to-verify, audit trail with chain verification) in Chromium against the real platform.
/// A chilled shipment went from the cold room (warehouse) onto truck-w1 (carrier); its arrival back at the warehouse
/// was checked twice (the first check superseded). The operator signs for the warehouse, the driver for the carrier.
/// </summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class ShipmentAndCompliancePagesTests : BrowserFixture
{
    private const string Order = "SO-WEB-1";
    private const string Warehouse = "warehouse-w";
    private const string Carrier = "carrier-w";

    private Guid _currentCheck;
    private Guid _supersededCheck;

    private string Compliance { get; } = "compliance@web.coldchain.local";

    [OneTimeSetUp]
    public Task Seed() => SeedShipmentsAsync();

    [Test]
    public async Task A_handover_is_found_from_the_list_its_evidence_read_and_signed_by_both_parties_after_re_entering_their_passwords()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Shipments", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"#shipments tr[data-order='{Order}'] .verdict")).Not.ToContainTextAsync("not checked");
        await page.GetByRole(AriaRole.Link, new() { Name = Order }).ClickAsync();

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(Order);
        await Assertions.Expect(page.Locator("#custody > li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#custody > li.open")).ToContainTextAsync("Carrier W");
        await Assertions.Expect(page.Locator("#checks tr.superseded")).ToHaveCountAsync(1);
        await page.Locator("#checks tr.current a").ClickAsync();

        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo($"/handovers/{_currentCheck}"));
        await Assertions.Expect(page.Locator("#verdict")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".leg-evidence")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".leg-evidence[data-leg='0'] .sensor-stats tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".leg-evidence[data-leg='1'] .sensor-stats tbody tr[data-sensor='truck-w1-t1']")).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator("#budget")).ToContainTextAsync("since the origin");
        await Assertions.Expect(page.Locator("#supersedes")).ToContainTextAsync("Earlier check");
        await Assertions.Expect(page.Locator("#supersedes li").First).ToContainTextAsync("+08:00"); // the handover's zone (the truck's fleet), not a raw ISO instant
        await Assertions.Expect(page.Locator("#reasons, .empty").First).ToBeVisibleAsync();

        // The warehouse receives with a reservation; a wrong password is refused and nothing is signed.
        await page.GetByLabel("received-with-reservation").CheckAsync();
        await page.Locator("#Comment").FillAsync("Two cases dented; goods cold.");
        await page.Locator("#Email").FillAsync(Platform.Operator);
        await page.Locator("#Password").FillAsync("not my password");
        await page.Locator("#sign-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-error")).ToContainTextAsync("Signature refused");
        await Assertions.Expect(page.Locator("#signatures")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#Password")).ToHaveValueAsync(string.Empty);
        await Chromium.ScreenshotAsync(page, "handover-refused-1440");

        await page.Locator("#Email").FillAsync(Platform.Operator);
        await page.Locator("#Password").FillAsync(WebPlatform.Password);
        await page.Locator("#sign-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-done")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#signatures tr[data-meaning='received-with-reservation']")).ToContainTextAsync("Two cases dented; goods cold.");
        await Assertions.Expect(page.Locator("#no-signing")).ToContainTextAsync("the other party signs next");

        // The driver signs for the carrier on a phone: the leg closes and the next opens in the cold room.
        var phone = await Chromium.NewPageAsync(Platform.Address, 390, 844);
        await Chromium.SignInAsync(phone, Platform.Driver, WebPlatform.Password);
        await phone.GotoAsync("/shipments");
        await Assertions.Expect(phone.Locator("#shipments tbody tr")).ToHaveCountAsync(1); // only what the carrier took part in
        await phone.GotoAsync($"/handovers/{_currentCheck}");
        await Assertions.Expect(phone.Locator("input[name=Meaning]")).ToHaveCountAsync(1);
        await phone.Locator("#Email").FillAsync(Platform.Driver);
        await phone.Locator("#Password").FillAsync(WebPlatform.Password);
        await Chromium.ScreenshotAsync(phone, "handover-sign-390");
        await phone.Locator("#sign-form button[type=submit]").ClickAsync();
        await Assertions.Expect(phone.Locator("#signatures tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(phone.Locator("#no-signing")).ToContainTextAsync("complete");
        var overflow = await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.That(overflow, Is.False, "nothing wider than the phone");

        await page.GotoAsync($"/shipments/{Order}");
        await Assertions.Expect(page.Locator("#custody > li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#custody > li.open")).ToContainTextAsync("Room W");
        await Assertions.Expect(page.Locator("#checks tr.current")).ToContainTextAsync("signed by both parties");
    }

    [Test]
    public async Task A_compliance_officer_downloads_a_PDF_and_the_page_verifies_it_and_refuses_it_with_one_byte_changed()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Compliance, WebPlatform.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Compliance", Exact = true }).ClickAsync();
        await page.Locator("#target").SelectOptionAsync($"asset:{WebPlatform.Room}");
        await page.GetByLabel("PDF").CheckAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-form button[type=submit]").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"coldchain-web-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        try
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.That(bytes.AsSpan(0, 5).ToArray(), Is.EqualTo("%PDF-"u8.ToArray()), download.SuggestedFilename);

            await page.Locator("#verify-file").SetInputFilesAsync(file);
            await page.Locator("#verify-form button[type=submit]").ClickAsync();
            var result = page.Locator("#verify-result");
            await Assertions.Expect(result).ToHaveAttributeAsync("data-genuine", "true");
            await Assertions.Expect(result).ToContainTextAsync("Genuine");
            await Assertions.Expect(result).ToContainTextAsync(Compliance);
            await Assertions.Expect(result).ToContainTextAsync($"asset {WebPlatform.Room}");
            await Chromium.ScreenshotAsync(page, "compliance-verified-1440");

            bytes[bytes.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(file, bytes);
            await page.Locator("#verify-file").SetInputFilesAsync(file);
            await page.Locator("#verify-form button[type=submit]").ClickAsync();
            await Assertions.Expect(result).ToHaveAttributeAsync("data-genuine", "false");
            await Assertions.Expect(result).ToContainTextAsync("Not genuine");
            await Chromium.ScreenshotAsync(page, "compliance-refused-1440");
            await Chromium.AssertAccessibleAsync(page);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_compliance_officer_downloads_a_shipment_log_as_PDF_from_the_form_and_the_page_verifies_it()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Compliance, WebPlatform.Password);
        await page.GotoAsync("/compliance");
        await Assertions.Expect(page.Locator("#target optgroup option[value^='shipment:']")).ToHaveCountAsync(2);
        await page.Locator("#target").SelectOptionAsync($"shipment:{Order}");
        await page.GetByLabel("PDF").CheckAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-form button[type=submit]").ClickAsync());
        Assert.That(new Uri(download.Url).AbsolutePath, Is.EqualTo($"/api/reports/shipments/{Order}"));
        var file = Path.Combine(Path.GetTempPath(), $"coldchain-web-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        try
        {
            Assert.That((await File.ReadAllBytesAsync(file)).AsSpan(0, 5).ToArray(), Is.EqualTo("%PDF-"u8.ToArray()), download.SuggestedFilename);
            await page.Locator("#verify-file").SetInputFilesAsync(file);
            await page.Locator("#verify-form button[type=submit]").ClickAsync();
            var result = page.Locator("#verify-result");
            await Assertions.Expect(result).ToHaveAttributeAsync("data-genuine", "true");
            await Assertions.Expect(result).ToContainTextAsync($"shipment {Order}");
            await Assertions.Expect(result).ToContainTextAsync(Compliance);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task The_audit_trail_filters_by_entity_and_actor_and_verifies_the_chain()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Compliance, WebPlatform.Password);
        await page.GotoAsync("/compliance/audit");
        await page.Locator("#entity").SelectOptionAsync("handover");
        await page.Locator("#audit-filters button.primary").ClickAsync();
        await Assertions.Expect(page.Locator("#audit tbody tr[data-action='handover.checked']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#audit tbody tr[data-action='handover.rechecked']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#audit tbody tr:not([data-action^='handover'])")).ToHaveCountAsync(0);

        await page.Locator("#entity").SelectOptionAsync(string.Empty);
        await page.Locator("#actor").FillAsync(Platform.Operator);
        await page.Locator("#verify-chain").ClickAsync();
        await Assertions.Expect(page.Locator("#chain-result")).ToHaveAttributeAsync("data-intact", "true");
        await Assertions.Expect(page.Locator("#chain-result")).ToContainTextAsync("intact");
        await Assertions.Expect(page.Locator("#audit tbody tr").First).ToContainTextAsync(Platform.Operator);
        Assert.That(await page.Locator("#audit tbody tr").AllInnerTextsAsync(), Has.All.Contains(Platform.Operator));
    }

    [Test]
    public async Task Each_shipment_and_compliance_page_is_accessible_in_both_languages_and_fits_a_phone()
    {
        var pages = new[]
        {
            (Who: Platform.Operator, Path: "/shipments", Name: "shipments"),
            (Who: Platform.Operator, Path: $"/shipments/{Order}", Name: "shipment"),
            (Who: Platform.Operator, Path: $"/handovers/{_currentCheck}", Name: "handover"),
            (Who: Platform.Operator, Path: $"/handovers/{_supersededCheck}", Name: "handover-superseded"),
            (Who: Compliance, Path: "/compliance", Name: "compliance"),
            (Who: Compliance, Path: "/compliance/audit?verify=true", Name: "audit"),
        };
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            foreach (var who in pages.Select(p => p.Who).Distinct())
            {
                var page = await Chromium.NewPageAsync(Platform.Address, width, height);
                await Chromium.SignInAsync(page, who, WebPlatform.Password);
                foreach (var target in pages.Where(p => p.Who == who))
                {
                    var response = await page.GotoAsync(target.Path);
                    Assert.That(response!.Status, Is.EqualTo(200), target.Path);
                    await Chromium.ScreenshotAsync(page, $"{target.Name}-{width}");
                    await Chromium.AssertAccessibleAsync(page);
                    var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
                    Assert.That(overflow, Is.False, $"{target.Path} at {width} px: nothing wider than the window (tables scroll inside)");
                }
            }
        }

        var chinese = await Chromium.NewPageAsync(Platform.Address, language: "zh-CN");
        await Chromium.SignInAsync(chinese, Compliance, WebPlatform.Password);
        await chinese.GotoAsync("/compliance");
        await chinese.SelectOptionAsync("#culture", "zh-CN");
        await Assertions.Expect(chinese.Locator("main h1")).ToHaveTextAsync("合规");
        await Assertions.Expect(chinese.Locator("#download-title")).ToHaveTextAsync("下载温度记录");
        await Chromium.ScreenshotAsync(chinese, "compliance-zh-CN-1440");
        await Chromium.AssertAccessibleAsync(chinese);
        await chinese.GotoAsync($"/handovers/{_currentCheck}");
        await Assertions.Expect(chinese.Locator("main h1")).ToHaveTextAsync("交接检查");
        await Chromium.ScreenshotAsync(chinese, "handover-zh-CN-1440");
        await Chromium.AssertAccessibleAsync(chinese);
    }

    [Test]
    public async Task Chinese_pages_word_the_handover_reasons_what_changed_and_form_errors_in_Chinese()
    {
        var page = await Chromium.NewPageAsync(Platform.Address, language: "zh-CN");
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GotoAsync($"/handovers/{_currentCheck}");
        await page.SelectOptionAsync("#culture", "zh-CN");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("交接检查");
        await Assertions.Expect(page.Locator("#reasons li").First).ToContainTextAsync($"{WebPlatform.Room}-t1 的校准已过期（未登记：无校准记录）");
        await Assertions.Expect(page.Locator("#supersedes li").First).ToContainTextAsync("交接时间");
        await Assertions.Expect(page.Locator(".leg-evidence[data-leg='1']")).ToContainTextAsync("超出上限"); // the open alarm's condition
        await Assertions.Expect(page.Locator("#supersedes li").First).ToContainTextAsync("+08:00");
        await Chromium.ScreenshotAsync(page, "handover-reasons-zh-CN-1440");

        // The browser would refuse the empty choice itself; the server's own message is the one asked about here.
        await page.GotoAsync("/compliance");
        await page.EvalOnSelectorAsync("#target", "select => select.required = false");
        await page.Locator("#download-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#download-error")).ToHaveTextAsync("请选择设备、站点或货运。");
        await page.CloseAsync();
        lock (Chromium.ConsoleErrors)
        {
            Chromium.ConsoleErrors.RemoveAll(e => e.Contains("400", StringComparison.Ordinal)); // the refused download asked for above
        }
    }

    [Test]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_and_a_driver_outside_the_parties_gets_404_for_a_check()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Platform.Address };
        using var shipments = await http.GetAsync("/shipments");
        using var compliance = await http.GetAsync("/compliance");
        Assert.Multiple(() =>
        {
            Assert.That(shipments.Headers.Location?.ToString(), Does.StartWith("/login"));
            Assert.That(compliance.Headers.Location?.ToString(), Does.StartWith("/login"));
        });

        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, "outsider@web.coldchain.local", WebPlatform.Password);
        var check = await page.GotoAsync($"/handovers/{_currentCheck}");
        var order = await page.GotoAsync($"/shipments/{Order}");
        var reports = await page.GotoAsync("/compliance");
        Assert.Multiple(() =>
        {
            Assert.That(check!.Status, Is.EqualTo(404), "a driver of no party in the handover does not see it");
            Assert.That(order!.Status, Is.EqualTo(404));
            Assert.That(reports!.Status, Is.EqualTo(403), "drivers download no reports");
        });
        // Closed first: a console event of the refused loads can arrive late, named after the page's next address.
        await page.CloseAsync();
        lock (Chromium.ConsoleErrors)
        {
            Chromium.ConsoleErrors.RemoveAll(e => e.Contains("404", StringComparison.Ordinal) || e.Contains("403", StringComparison.Ordinal));
        }
    }

    private async Task SeedShipmentsAsync()
    {
        await using var scope = Platform.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PlatformDbContext>();
        var users = services.GetRequiredService<PlatformUsers>();
        foreach (var (email, role) in new[] { (Compliance, Roles.ComplianceOfficer), ("outsider@web.coldchain.local", Roles.Driver) })
        {
            var (_, errors) = await users.CreateAsync(email, role, role, WebPlatform.Password, AuditActor.System, CancellationToken.None);
            Assert.That(errors, Is.Empty, email);
        }

        // Times in the sites' own zones on the pages: the warehouse in Berlin, the fleet in Shanghai.
        (await db.Sites.FindAsync(WebPlatform.Site))!.TimeZone = "Europe/Berlin";
        (await db.Sites.FindAsync(WebPlatform.Fleet))!.TimeZone = "Asia/Shanghai";
        var operatorId = (await db.Users.SingleAsync(u => u.Email == Platform.Operator)).Id;
        var driverId = (await db.Users.SingleAsync(u => u.Email == Platform.Driver)).Id;
        db.Set<CustodyParty>().AddRange(
            new CustodyParty { Id = Warehouse, Name = "Warehouse W" },
            new CustodyParty { Id = Carrier, Name = "Carrier W" });
        db.Set<PartyMember>().AddRange(new PartyMember { Party = Warehouse, UserId = operatorId }, new PartyMember { Party = Carrier, UserId = driverId });

        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var shipment = new Shipment
        {
            Id = Guid.NewGuid(), OrderRef = Order, Product = "Fresh salmon fillets, 40 cases", Profile = AssetProfiles.ChilledPreset,
            Sscc = "003012345678901234", Lots = "L-0412,L-0413", RegisteredBody = "{}", RegisteredAt = now.AddHours(-4), RegisteredBy = "order-platform",
        };
        shipment.Legs.Add(new CustodyLeg { Id = Guid.NewGuid(), ShipmentId = shipment.Id, Index = 0, Asset = WebPlatform.Room, Party = Warehouse, From = now.AddHours(-3), To = now.AddMinutes(-28) });
        shipment.Legs.Add(new CustodyLeg { Id = Guid.NewGuid(), ShipmentId = shipment.Id, Index = 1, Asset = WebPlatform.MyTruck, Party = Carrier, From = now.AddMinutes(-28) });
        var frozen = new Shipment
        {
            Id = Guid.NewGuid(), OrderRef = "SO-WEB-2", Product = "Frozen peas, 12 pallets", Profile = AssetProfiles.FrozenPreset,
            RegisteredBody = "{}", RegisteredAt = now.AddHours(-2), RegisteredBy = "order-platform",
        };
        frozen.Legs.Add(new CustodyLeg { Id = Guid.NewGuid(), ShipmentId = frozen.Id, Index = 0, Asset = WebPlatform.Freezer, Party = Warehouse, From = now.AddHours(-2) });
        db.AddRange(shipment, frozen);
        await db.SaveChangesAsync();

        var checks = services.GetRequiredService<HandoverChecks>();
        var profile = await db.Set<TemperatureProfile>().AsNoTracking().SingleAsync(p => p.Id == AssetProfiles.ChilledPreset);
        var open = shipment.Legs[1];
        var question = new HandoverQuestion(new DateTimeOffset(now.AddMinutes(-2), TimeSpan.Zero), "inbound", Carrier, Warehouse, WebPlatform.Room, null);
        var actor = new AuditActor(AuditActor.ApiClientKind, "order-platform", "127.0.0.1");
        _supersededCheck = (await checks.CheckAsync(shipment, profile, open, question with { At = question.At.AddMinutes(-1) }, actor, CancellationToken.None)).Id;
        _currentCheck = (await checks.CheckAsync(shipment, profile, open, question, actor, CancellationToken.None)).Id;
    }
}
