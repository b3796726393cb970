using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>The admin pages in a real headless Chromium against the real platform: changes made through forms, audited, and closed to everyone but admins.</summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(240_000)]
public sealed class AdminPagesTests : BrowserFixture
{
    private static readonly string[] Pages = ["/admin", "/admin/users", "/admin/api-keys", "/admin/sites", "/admin/assets", "/admin/sensors", "/admin/gateways", "/admin/profiles"];


    [Test]
    public async Task An_admin_registers_a_sensor_with_a_calibration_certificate_and_sees_it_on_the_asset_page()
    {
        var page = await AdminAsync();
        await page.GotoAsync("/admin/sensors");
        await page.GetByLabel("Id (as the gateway reports it)").FillAsync("room-w-t9");
        await page.Locator("#sensor-asset").SelectOptionAsync(WebPlatform.Room);
        await page.Locator("#sensor-kind").SelectOptionAsync("temperature");
        await page.GetByLabel("Serial number").FillAsync("SN-4711");
        await page.GetByLabel("Accuracy class").FillAsync("±0.3 °C (−30…50 °C)");
        await page.Locator("#register-sensor button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("p.message.info")).ToContainTextAsync("Saved: room-w-t9");
        await Assertions.Expect(page.Locator("tr[data-sensor='room-w-t9']")).ToContainTextAsync("none recorded");

        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        await page.Locator("#cert-sensor").SelectOptionAsync("room-w-t9");
        await page.GetByLabel("Certificate number").FillAsync("CAL-2026-0815");
        await page.GetByLabel("Laboratory or reference instrument").FillAsync("Kältelabor Nord, DAkkS D-K-15047");
        await page.GetByLabel("Calibrated on").FillAsync(today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Due on").FillAsync(today.AddDays(335).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Correction in °C (optional)").FillAsync("0.2");
        await page.Locator("#add-certificate button[type=submit]").ClickAsync();

        var row = page.Locator("tr[data-sensor='room-w-t9']");
        await Assertions.Expect(page.Locator("#deliveries")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("CAL-2026-0815");
        await Assertions.Expect(row).ToContainTextAsync("Kältelabor Nord");
        await Assertions.Expect(row).ToContainTextAsync(today.AddDays(335).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(row).ToContainTextAsync("valid");

        await page.GotoAsync($"/assets/{WebPlatform.Room}");
        var onAsset = page.Locator("tr", new PageLocatorOptions { HasText = "room-w-t9" });
        await Assertions.Expect(onAsset).ToContainTextAsync("SN-4711");
        await Assertions.Expect(onAsset).ToContainTextAsync("CAL-2026-0815");
        await Assertions.Expect(onAsset).ToContainTextAsync("valid");
        Assert.That(await Platform.AuditOfAsync("room-w-t9"), Is.EqualTo(new[] { $"sensor.create by {Platform.Admin}", $"sensor.certificate-add by {Platform.Admin}" }));
    }

    [Test]
    public async Task A_certificate_with_its_due_date_before_the_calibration_is_refused_with_the_reason_next_to_the_field()
    {
        var page = await AdminAsync();
        await page.GotoAsync("/admin/sensors");
        await page.GetByLabel("Id (as the gateway reports it)").FillAsync("room-w-t7");
        await page.GetByLabel("Serial number").FillAsync("SN-0007");
        await page.Locator("#register-sensor button[type=submit]").ClickAsync();
        await page.Locator("#cert-sensor").SelectOptionAsync("room-w-t7");
        await page.GetByLabel("Certificate number").FillAsync("CAL-BAD");
        await page.GetByLabel("Laboratory or reference instrument").FillAsync("Lab");
        await page.GetByLabel("Calibrated on").FillAsync("2026-06-01");
        await page.GetByLabel("Due on").FillAsync("2026-05-01");
        await page.Locator("#add-certificate button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#due-error")).ToContainTextAsync("dueOn after calibratedOn");
        await Assertions.Expect(page.GetByLabel("Due on")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("tr[data-sensor='room-w-t7']")).ToContainTextAsync("none recorded");
        Assert.That(await Platform.AuditOfAsync("room-w-t7"), Is.EqualTo(new[] { $"sensor.create by {Platform.Admin}" }));
    }

    [Test]
    public async Task An_admin_issues_an_api_key_that_is_shown_once_and_revokes_it()
    {
        var page = await AdminAsync();
        await page.GotoAsync("/admin/api-keys");
        await page.GetByLabel("Client name").FillAsync("Order platform");
        await page.Locator("input[name=Scopes][value='registry:read']").CheckAsync();
        await page.Locator("input[name=Scopes][value='reports:read']").CheckAsync();
        await page.Locator("#new-key button[type=submit]").ClickAsync();

        var key = await page.Locator("#issued-key").InputValueAsync();
        Assert.That(key, Does.StartWith("cck_"));
        using (var http = new HttpClient { BaseAddress = Platform.Address })
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            Assert.That((await http.GetAsync("/api/assets")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the issued key works");
        }

        await page.GotoAsync("/admin/api-keys");
        await Assertions.Expect(page.Locator("#issued-key")).ToHaveCountAsync(0);
        Assert.That(await page.ContentAsync(), Does.Not.Contain(key), "the key is never shown again");
        var row = page.Locator("tr", new PageLocatorOptions { HasText = "Order platform" });
        await Assertions.Expect(row).ToContainTextAsync("registry:read, reports:read");
        await row.GetByPlaceholder("Reason").FillAsync("contract ended");
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Revoke Order platform" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr", new PageLocatorOptions { HasText = "Order platform" })).ToContainTextAsync("revoked");
        using (var http = new HttpClient { BaseAddress = Platform.Address })
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            Assert.That((await http.GetAsync("/api/assets")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a revoked key is refused");
        }
    }

    [Test]
    public async Task An_admin_registers_a_gateway_and_its_credential_is_shown_once_per_issue()
    {
        var page = await AdminAsync();
        await page.GotoAsync("/admin/gateways");
        await page.GetByLabel("Id (its MQTT client id and user name)").FillAsync("gw-admin-1");
        await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true }).FillAsync("Cold room W gateway");
        await page.Locator("#gateway-site").SelectOptionAsync(WebPlatform.Site);
        await page.Locator("#gateway-form button[type=submit]").ClickAsync();
        var row = page.Locator("tr[data-gateway='gw-admin-1']");
        await Assertions.Expect(row).ToContainTextAsync("no credential");

        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Issue credential gw-admin-1" }).ClickAsync();
        var first = await page.Locator("#issued-secret").InputValueAsync();
        await Assertions.Expect(page.Locator("#issued-username")).ToHaveTextAsync("gw-admin-1");
        await Assertions.Expect(page.Locator("tr[data-gateway='gw-admin-1']")).ToContainTextAsync("may connect");
        await page.Locator("tr[data-gateway='gw-admin-1']").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Rotate credential gw-admin-1" }).ClickAsync();
        var second = await page.Locator("#issued-secret").InputValueAsync();

        Assert.That(second, Is.Not.EqualTo(first).And.Length.GreaterThanOrEqualTo(40));
        Assert.That(await Platform.AuditOfAsync("gw-admin-1"), Is.EqualTo(new[]
        {
            $"gateway.create by {Platform.Admin}", $"gateway.credential-issue by {Platform.Admin}", $"gateway.credential-rotate by {Platform.Admin}",
        }));
    }

    [Test]
    public async Task An_admin_adds_an_operator_gives_them_a_site_and_disables_them()
    {
        var page = await AdminAsync();
        await page.GotoAsync("/admin/users");
        await page.GetByLabel("E-mail").FillAsync("night-shift@web.coldchain.local");
        await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true }).FillAsync("Night shift");
        await page.Locator("#new-role").SelectOptionAsync("Operator");
        await page.GetByLabel("Initial password").FillAsync(WebPlatform.Password);
        await page.Locator("#add-user button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#manage-title")).ToContainTextAsync("night-shift@web.coldchain.local");
        await page.Locator($"input[name=sites][value='{WebPlatform.Site}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save sites" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-user='night-shift@web.coldchain.local']")).ToContainTextAsync(WebPlatform.Site);
        await page.Locator("#toggle-user").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-user='night-shift@web.coldchain.local']")).ToContainTextAsync("disabled");

        var blocked = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(blocked, "night-shift@web.coldchain.local", WebPlatform.Password);
        Assert.That(blocked.Url, Does.Contain("/login"), "a disabled person cannot sign in");
        Chromium.ConsoleErrors.Clear();
    }

    [Test]
    public async Task Everyone_but_an_admin_is_refused_and_a_signed_out_visitor_is_sent_to_the_login_page()
    {
        foreach (var person in new[] { Platform.Operator, Platform.Driver })
        {
            var page = await Chromium.NewPageAsync(Platform.Address);
            await Chromium.SignInAsync(page, person, WebPlatform.Password);
            foreach (var path in Pages)
            {
                var response = await page.Context.APIRequest.GetAsync(path, new APIRequestContextOptions { MaxRedirects = 0 });
                Assert.That(response.Status, Is.EqualTo(403), $"{person} on {path}");
            }

            var post = await page.Context.APIRequest.PostAsync("/admin/sites", new APIRequestContextOptions { MaxRedirects = 0, Form = page.Context.APIRequest.CreateFormData() });
            Assert.That(post.Status, Is.AnyOf(400, 403), $"{person} posting a site");
            await Assertions.Expect(page.Locator("header nav a[href='/admin']")).ToHaveCountAsync(0);
        }

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Platform.Address };
        using var signedOut = await http.GetAsync("/admin/users");
        Assert.Multiple(() =>
        {
            Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(signedOut.Headers.Location?.ToString(), Is.EqualTo("/login?returnUrl=%2Fadmin%2Fusers"));
        });
    }

    [Test]
    public async Task Every_admin_page_is_accessible_and_screenshotted_on_desktop_and_phone_in_both_languages()
    {
        var desktop = await AdminAsync();
        var phone = await AdminAsync(390, 844);
        var chinese = await AdminAsync(language: "zh-CN");
        foreach (var path in Pages)
        {
            var name = path == "/admin" ? "admin" : "admin-" + path["/admin/".Length..];
            var response = await desktop.GotoAsync(path);
            Assert.That(response?.Status, Is.EqualTo(200), path);
            await Assertions.Expect(desktop.Locator("header nav a[href='/admin']")).ToHaveAttributeAsync("aria-current", "page");
            await Chromium.ScreenshotAsync(desktop, $"{name}-1440");
            await Chromium.AssertAccessibleAsync(desktop);
            await phone.GotoAsync(path);
            await Chromium.ScreenshotAsync(phone, $"{name}-390");
            await Chromium.AssertAccessibleAsync(phone);
            await chinese.GotoAsync(path);
            await Assertions.Expect(chinese.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            await Chromium.AssertAccessibleAsync(chinese);
        }

        await chinese.GotoAsync("/admin/sensors");
        await Assertions.Expect(chinese.Locator("h1")).ToHaveTextAsync("传感器与校准");
        await Chromium.ScreenshotAsync(chinese, "admin-sensors-zh-CN-1440");
    }

    [Test]
    public async Task Dates_read_year_month_day_with_the_offset_in_english_and_chinese()
    {
        var alarm = await Platform.RaiseRoomAlarmAsync();
        foreach (var language in new[] { "en-US", "zh-CN" })
        {
            var page = await Chromium.NewPageAsync(Platform.Address, language: language);
            await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
            await page.GotoAsync("/alarms");
            var started = page.Locator($"li[data-alarm='{alarm}'] time").First;
            await Assertions.Expect(started).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$"), new LocatorAssertionsToHaveTextOptions { Timeout = 5000 });
        }
    }

    private async Task<IPage> AdminAsync(int width = 1440, int height = 900, string? language = null)
    {
        var page = await Chromium.NewPageAsync(Platform.Address, width, height, language);
        await Chromium.SignInAsync(page, Platform.Admin, WebPlatform.Password);
        return page;
    }
}
