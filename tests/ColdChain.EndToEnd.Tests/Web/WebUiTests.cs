using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>The web UI in a real headless Chromium against the real platform (embedded broker, ingest, SQLite).</summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class WebUiTests : BrowserFixture
{

    [Test]
    public async Task A_signed_out_visitor_is_sent_to_the_login_page_and_the_API_still_answers_401()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Platform.Address };

        using var page = await http.GetAsync("/overview");
        using var api = await http.GetAsync("/api/assets");

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(page.Headers.Location?.ToString(), Is.EqualTo("/login?returnUrl=%2Foverview"));
            Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task Login_rates_the_password_says_when_the_account_is_locked_and_remembers_the_language()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await page.GotoAsync("/login");
        await page.Locator("#Password").FillAsync("password");
        await Assertions.Expect(page.Locator("#strength-text")).ToHaveTextAsync("very weak");
        await Chromium.ScreenshotAsync(page, "login-1440");
        await Chromium.AssertAccessibleAsync(page);

        for (var attempt = 1; attempt <= WebPlatform.LockoutAfterFailures; attempt++)
        {
            await Chromium.SignInAsync(page, Platform.Locked, "not the password " + attempt);
        }

        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("locked");
        await Chromium.SignInAsync(page, Platform.Locked, WebPlatform.Password);
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("locked", new() { Timeout = 5000 });
        await Chromium.ScreenshotAsync(page, "login-locked-1440");

        await page.SelectOptionAsync("#culture", "zh-CN");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登录 ColdChain");
        await page.GotoAsync("/login");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("登录 ColdChain");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("总览");
        await Chromium.ScreenshotAsync(page, "overview-zh-CN-1440");
        await Chromium.AssertAccessibleAsync(page);
        await page.SelectOptionAsync("#culture", "en");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Overview");
    }

    [Test]
    public async Task The_overview_shows_each_asset_with_value_status_word_icon_age_and_trend()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        var started = Stopwatch.StartNew();
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GotoAsync("/overview");
        var paint = await page.EvaluateAsync<double>("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1");
        await TestContext.Out.WriteLineAsync($"overview first contentful paint: {paint:0} ms (sign-in and navigation {started.ElapsedMilliseconds} ms)");

        var room = page.Locator($".tile[data-asset='{WebPlatform.Room}']");
        var freezer = page.Locator($".tile[data-asset='{WebPlatform.Freezer}']");
        await Assertions.Expect(room.Locator(".status .word")).ToHaveTextAsync("alarm"); // its open alarm
        await Assertions.Expect(room.Locator(".status use")).ToHaveAttributeAsync("href", "/icons/status.svg#alarm");
        await Assertions.Expect(freezer.Locator(".status .word")).ToHaveTextAsync("offline"); // silent for 30 min > 10 min
        await Assertions.Expect(page.Locator($".tile[data-asset='{WebPlatform.OtherTruck}'] .status .word")).ToHaveTextAsync("alarm");
        await Assertions.Expect(room.Locator(".age")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("ago|just now"));
        var trendPoints = await room.Locator(".trend polyline").GetAttributeAsync("points");
        Assert.That(trendPoints?.Split(' ').Length, Is.GreaterThan(5), "trend line drawn");
        await Chromium.ScreenshotAsync(page, "overview-1440");
        await Chromium.AssertAccessibleAsync(page);

        var phone = await Chromium.NewPageAsync(Platform.Address, 390, 844);
        await Chromium.SignInAsync(phone, Platform.Operator, WebPlatform.Password);
        await phone.GotoAsync("/overview");
        await Chromium.ScreenshotAsync(phone, "overview-390");
    }

    [Test]
    public async Task A_reading_published_to_the_broker_appears_on_its_tile_within_2_seconds_without_reload()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GotoAsync("/overview");
        await Assertions.Expect(page.Locator("#connection")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("live"));
        await page.EvaluateAsync("window.__notReloaded = true");
        var delays = new List<long>();
        foreach (var value in new[] { 1.37, 2.46, 3.58 })
        {
            var clock = Stopwatch.StartNew();
            await Platform.PublishAsync(WebPlatform.Room, value, TimeProvider.System.GetUtcNow());
            await page.WaitForFunctionAsync(
                $"document.querySelector(\".tile[data-asset='{WebPlatform.Room}'] .num\").dataset.value === '{value.ToString(CultureInfo.InvariantCulture)}'",
                null,
                new PageWaitForFunctionOptions { Timeout = 5000, PollingInterval = 20 });
            delays.Add(clock.ElapsedMilliseconds);
        }

        await TestContext.Out.WriteLineAsync($"live update delay (publish → tile), ms: {string.Join(", ", delays)}");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(delays, Has.All.LessThan(2000));
            Assert.That(await page.EvaluateAsync<bool>("window.__notReloaded === true"), Is.True, "no reload");
        });
        await Chromium.ScreenshotAsync(page, "overview-live-1440");
    }

    [Test]
    public async Task A_hub_reading_message_changes_value_status_word_icon_and_trend_of_its_tile()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GotoAsync("/overview");
        // A copy of truck W2's tile that only this test feeds: the page's own clock and the real hub (the seeded alarm
        // escalating, say) update the original, and would race the steps below.
        await page.EvaluateAsync("""
            () => {
              const original = document.querySelector(".tile[data-asset='truck-w2']");
              const copy = original.cloneNode(true);
              copy.dataset.asset = 'truck-w2-copy';
              copy.dataset.openAlarms = '[]';
              original.after(copy);
            }
            """);
        var tile = page.Locator(".tile[data-asset='truck-w2-copy']");

        // The handlers of the overview's "reading", "alarm" and "gateway" messages, fed as the hub would (contract in wwwroot/js/live.js).
        async Task SendAsync(string script) => await page.EvaluateAsync($$"""
            async () => {
              const tiles = await import('/js/tiles.js');
              const tile = document.querySelector(".tile[data-asset='truck-w2-copy']");
              const offlineAfter = Number(document.getElementById('overview').dataset.offlineAfter);
              {{script}}
              tiles.render(tile, Date.now(), offlineAfter);
            }
            """);
        string Reading(double? value, string status) =>
            $"tiles.applyReading(tile, {{ asset: 'truck-w2', sensor: 'truck-w2-t1', quantity: 'temperature', value: {(value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture))}, unit: '°C', status: '{status}', time: new Date().toISOString() }}, 3600000);";

        await SendAsync(Reading(2.0, "ok"));
        await Assertions.Expect(tile.Locator(".status .word")).ToHaveTextAsync("ok");
        await Assertions.Expect(tile.Locator(".num")).ToHaveTextAsync("2.0");
        await SendAsync(Reading(3.8, "ok"));
        await Assertions.Expect(tile.Locator(".status .word")).ToHaveTextAsync("warning");
        await Assertions.Expect(tile.Locator(".status use")).ToHaveAttributeAsync("href", "/icons/status.svg#warning");
        await SendAsync(Reading(5.1, "ok"));
        await Assertions.Expect(tile.Locator(".status .word")).ToHaveTextAsync("alarm");
        await SendAsync(Reading(null, "sensor_fault"));
        await Assertions.Expect(tile.Locator(".status .word")).ToHaveTextAsync("sensor fault");
        await Assertions.Expect(tile.Locator(".num")).ToHaveTextAsync("–");
        await SendAsync(Reading(2.5, "ok"));
        await SendAsync("tiles.applyAlarm(tile, { id: 'a-1', asset: 'truck-w2', state: 'raised', endedAt: null });");
        await Assertions.Expect(tile.Locator(".status .word")).ToHaveTextAsync("alarm");
        await Assertions.Expect(tile.Locator(".alarms")).ToHaveTextAsync("1");
        await SendAsync("tiles.applyAlarm(tile, { id: 'a-1', asset: 'truck-w2', state: 'cleared', endedAt: new Date().toISOString() });");
        await Assertions.Expect(tile.Locator(".status .word")).ToHaveTextAsync("ok");
        await SendAsync("tile.dataset.last = String(Date.now() - offlineAfter - 1000);");
        await Assertions.Expect(tile.Locator(".status .word")).ToHaveTextAsync("offline");
        var trend = await tile.Locator(".trend polyline").GetAttributeAsync("points");
        Assert.That(trend?.Split(' ').Length, Is.GreaterThan(30), "live values appended to the trend line");
    }

    [Test]
    public async Task A_driver_on_a_phone_sees_only_their_truck_with_a_44_px_acknowledge_button()
    {
        var page = await Chromium.NewPageAsync(Platform.Address, 390, 844);
        await Chromium.SignInAsync(page, Platform.Driver, WebPlatform.Password);

        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/driver"), "a driver starts on the driver page");
        await Assertions.Expect(page.Locator($"[data-truck='{WebPlatform.MyTruck}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"[data-asset='{WebPlatform.OtherTruck}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("Truck W2")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".compartment .num")).ToHaveTextAsync("3.1");
        var button = page.Locator($"li[data-alarm='{Platform.TruckAlarm}'] .ack-button");
        var box = await button.BoundingBoxAsync();
        Assert.That(box, Is.Not.Null, "acknowledge button shown");
        Assert.Multiple(() =>
        {
            Assert.That(box!.Height, Is.GreaterThanOrEqualTo(44));
            Assert.That(box.Width, Is.GreaterThanOrEqualTo(44));
        });
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.That(overflow, Is.False, "nothing wider than the phone");
        await Chromium.ScreenshotAsync(page, "driver-390");
        await Chromium.AssertAccessibleAsync(page);

        var other = await page.GotoAsync($"/assets/{WebPlatform.OtherTruck}");
        Assert.That(other!.Status, Is.EqualTo(404), "another truck's page does not exist for this driver");
        var api = await page.APIRequest.GetAsync($"/api/assets/{WebPlatform.OtherTruck}/series");
        Assert.That(api.Status, Is.EqualTo(404), "nor its data");
        Chromium.ConsoleErrors.RemoveAll(e => e.Contains("404", StringComparison.Ordinal)); // the 404 asked for above
    }

    [Test]
    public async Task Offline_the_driver_page_shows_the_last_state_and_its_age()
    {
        var page = await Chromium.NewPageAsync(Platform.Address, 390, 844, serviceWorkers: true);
        await Chromium.SignInAsync(page, Platform.Driver, WebPlatform.Password);
        await page.WaitForFunctionAsync("navigator.serviceWorker.ready.then(() => true)");
        await page.ReloadAsync(); // now under the worker, which keeps this copy
        await page.WaitForFunctionAsync("navigator.serviceWorker.controller !== null");
        await Assertions.Expect(page.Locator(".compartment .num")).ToHaveTextAsync("3.1");

        await page.Context.SetOfflineAsync(true);
        await page.ReloadAsync();

        await Assertions.Expect(page.Locator(".compartment .num")).ToHaveTextAsync("3.1");
        await Assertions.Expect(page.Locator("#offline-banner")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#offline-banner")).ToContainTextAsync("You are offline. Showing the state of");
        await Assertions.Expect(page.Locator("#offline-banner")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("(s|min) ago|just now"));
        await Chromium.ScreenshotAsync(page, "driver-offline-390");
        await page.Context.SetOfflineAsync(false);
        Chromium.ConsoleErrors.RemoveAll(e => e.Contains("ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal)); // the hub, while offline
    }

    [Test]
    public async Task The_driver_page_is_an_installable_app_with_a_manifest_and_a_service_worker()
    {
        using var http = new HttpClient { BaseAddress = Platform.Address };
        using var manifest = await http.GetAsync("/manifest.webmanifest");
        using var worker = await http.GetAsync("/sw.js");
        var text = await manifest.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(manifest.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(manifest.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/manifest+json"));
            Assert.That(text, Does.Contain("\"start_url\": \"/driver\"").And.Contain("512x512"));
            Assert.That(worker.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(worker.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        });
    }

    [Test]
    public async Task The_30_day_chart_renders_from_the_downsampled_series_and_its_time_is_measured()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GotoAsync($"/assets/{WebPlatform.Room}");
        await page.WaitForSelectorAsync("#chart[data-rendered-hours='24'] canvas");
        await Assertions.Expect(page.Locator("#connection")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("live"));
        var firstChart = await page.EvaluateAsync<double>("performance.getEntriesByName('chart-drawn').at(-1).startTime");

        var timings = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await page.ClickAsync("button[data-hours='1']");
            await page.WaitForSelectorAsync("#chart[data-rendered-hours='1']");
            await page.ClickAsync("button[data-hours='720']");
            await page.WaitForSelectorAsync("#chart[data-rendered-hours='720'] canvas");
            timings.Add(await page.EvaluateAsync<double>("performance.getEntriesByName('time-to-chart').at(-1).duration"));
        }

        var points = int.Parse(await page.Locator("#chart").GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);
        await TestContext.Out.WriteLineAsync($"asset page: 24 h chart drawn {firstChart:0} ms after navigation start; 30-day chart (8,640 readings → {points} points) request-to-drawn, ms: {string.Join(", ", timings.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(points, Is.InRange(100, 2 * 4000), "downsampled to about a point per pixel");
            await Assertions.Expect(page.Locator("#stats tbody tr")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#stats tbody tr").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex("86[34][0-9]"));
            await Assertions.Expect(page.Locator(".u-legend")).ToContainTextAsync($"{WebPlatform.Room}-t1");
        });
        await Chromium.ScreenshotAsync(page, "asset-30-days-1440");
        await Chromium.AssertAccessibleAsync(page);
        var phone = await Chromium.NewPageAsync(Platform.Address, 390, 844);
        await Chromium.SignInAsync(phone, Platform.Operator, WebPlatform.Password);
        await phone.GotoAsync($"/assets/{WebPlatform.Room}");
        await phone.WaitForSelectorAsync("#chart[data-rendered-hours='24'] canvas");
        await Chromium.ScreenshotAsync(phone, "asset-390");
    }

    [Test]
    public async Task The_alarm_inbox_lists_unacknowledged_first_and_refuses_an_acknowledgement_without_a_comment()
    {
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GotoAsync("/alarms");

        var item = page.Locator($"li[data-alarm='{Platform.RoomAlarm}']");
        await Assertions.Expect(page.Locator("#open-count")).ToHaveTextAsync("3");
        await Assertions.Expect(item.Locator(".escalation")).ToHaveTextAsync("level 1");
        await item.Locator(".ack-button").ClickAsync();
        await Assertions.Expect(item.Locator(".field-error")).ToHaveTextAsync("A comment is required.");
        await Assertions.Expect(item.Locator("textarea")).ToHaveAttributeAsync("aria-invalid", "true");
        await item.Locator("select.preset").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await Assertions.Expect(item.Locator("textarea")).ToHaveValueAsync("Defrost cycle; temperature recovering.");
        await Chromium.ScreenshotAsync(page, "alarms-1440");
        await Chromium.AssertAccessibleAsync(page);
        var phone = await Chromium.NewPageAsync(Platform.Address, 390, 844);
        await Chromium.SignInAsync(phone, Platform.Operator, WebPlatform.Password);
        await phone.GotoAsync("/alarms");
        await Chromium.ScreenshotAsync(phone, "alarms-390");
    }

    [Test]
    public async Task Acknowledging_an_alarm_with_a_comment_records_who_and_why()
    {
        var alarm = await Platform.RaiseRoomAlarmAsync();
        var page = await Chromium.NewPageAsync(Platform.Address);
        await Chromium.SignInAsync(page, Platform.Operator, WebPlatform.Password);
        await page.GotoAsync("/alarms");
        var item = page.Locator($"li[data-alarm='{alarm}']");
        await item.Locator("textarea").FillAsync("Door closed, goods checked.");
        await item.Locator(".ack-button").ClickAsync();

        await Assertions.Expect(item.Locator(".ack-button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"li[data-alarm='{alarm}']")).ToContainTextAsync("Door closed, goods checked.");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"li[data-alarm='{alarm}'] .history")).ToContainTextAsync("Door closed, goods checked.");
    }
}
