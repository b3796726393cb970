using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>An admin edits a site's escalation policy and an asset's planned defrosts in a real headless Chromium; the running alarm services apply them.</summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(240_000)]
public sealed class EscalationAndDefrostPagesTests : BrowserFixture
{

    [Test]
    public async Task An_admin_changes_a_sites_escalation_by_keyboard_and_the_running_escalator_uses_it()
    {
        var page = await AdminAsync();
        await page.GotoAsync("/admin/sites");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"Edit the escalation of {WebPlatform.Site}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#escalation-form-title")).ToHaveTextAsync($"Change the escalation of site {WebPlatform.Site}");

        // The operator does not work at the site yet: the role alone reaches nobody, and the page says so at the step.
        await page.Locator("#step-1-delay").FillAsync("7");
        await page.Locator("input[name='Chain.Steps[1].Roles'][value='Operator']").CheckAsync();
        await page.Locator("#step-2-delay").FillAsync("20");
        await page.Locator("#step-2-recipients").FillAsync(Platform.Admin);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save escalation" }).ClickAsync();
        await Assertions.Expect(page.Locator("#step-1-error")).ToContainTextAsync("reaches nobody");
        await Assertions.Expect(page.Locator("#step-1-delay")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#step-2-recipients")).ToHaveValueAsync(Platform.Admin);
        await Chromium.ScreenshotAsync(page, "admin-sites-escalation-error-1440");
        await Chromium.AssertAccessibleAsync(page);

        await page.GetByLabel("Recipients: e-mail addresses of platform users, one per line").Nth(1).FillAsync(Platform.Operator);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save escalation" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var row = page.Locator($"tr[data-escalation='{WebPlatform.Site}']");
        await Assertions.Expect(page.Locator("p.message.info")).ToContainTextAsync($"Saved: {WebPlatform.Site}");
        await Assertions.Expect(row).ToContainTextAsync("own policy");
        await Assertions.Expect(row).ToContainTextAsync("after 7 min");
        await Assertions.Expect(row).ToContainTextAsync(Platform.Operator);
        var directory = Platform.Services.GetRequiredService<AlarmDirectory>();
        await Eventually.TrueAsync(() => directory.EscalationDelay(1, WebPlatform.Site) == TimeSpan.FromMinutes(7), TimeSpan.FromSeconds(10), "the running escalator has the new policy");
        Assert.Multiple(() =>
        {
            Assert.That(directory.Recipients(1, WebPlatform.Site, WebPlatform.Room), Is.EqualTo(new[] { Platform.Operator }));
            Assert.That(directory.Recipients(2, WebPlatform.Site, WebPlatform.Room), Is.EqualTo(new[] { Platform.Admin }));
        });
        Assert.That(await Platform.AuditOfAsync(WebPlatform.Site), Does.Contain($"site.escalation by {Platform.Admin}"));

        await ShowAsync($"/admin/sites?escalation={WebPlatform.Site}#escalation-form", "admin-sites-escalation", "#escalation-form", "修改站点 site-w 的升级策略");
    }

    [Test]
    public async Task An_admin_plans_a_defrost_on_the_assets_page_with_the_apis_checks_and_the_alarm_rules_get_it()
    {
        var page = await AdminAsync();
        await page.GotoAsync($"/admin/assets?edit={WebPlatform.Room}");
        await Assertions.Expect(page.Locator("#defrost-title")).ToHaveTextAsync($"Planned defrosts of {WebPlatform.Room}");
        await page.Locator("#window-0-start").FillAsync("06:00");
        await page.GetByLabel("Defrost (minutes)").First.FillAsync("30");
        await page.GetByLabel("Recovery (minutes)").First.FillAsync("15");
        await page.GetByLabel("Highest temperature (°C)").First.FillAsync("3");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save defrost plan" }).ClickAsync();
        await Assertions.Expect(page.Locator("#window-0-error")).ToContainTextAsync("would suppress nothing");
        await Assertions.Expect(page.Locator("#window-0-max")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.Locator("#window-0-max").FillAsync("10");
        await page.Locator("#window-1-start").FillAsync("18:00");
        await page.Locator("#window-1-duration").FillAsync("20");
        await page.Locator("#window-1-recovery").FillAsync("10");
        await page.Locator("#window-1-max").FillAsync("9.5");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save defrost plan" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.message.info")).ToContainTextAsync($"Saved: {WebPlatform.Room}");
        await Assertions.Expect(page.Locator("#window-1-start")).ToHaveValueAsync("18:00");
        await Assertions.Expect(page.Locator("#window-1-max")).ToHaveValueAsync("9.5");
        await Assertions.Expect(page.Locator("#window-2-start")).ToHaveValueAsync(string.Empty);

        var directory = Platform.Services.GetRequiredService<AlarmDirectory>();
        await Eventually.TrueAsync(() => directory.ProfileFor(WebPlatform.Room).DefrostWindows.Count == 2, TimeSpan.FromSeconds(10), "the running alarm monitor has the plan");
        Assert.That(await Platform.AuditOfAsync(WebPlatform.Room), Does.Contain($"asset.defrost_plan by {Platform.Admin}"));

        // Emptying a row removes that defrost.
        foreach (var field in new[] { "start", "duration", "recovery", "max" })
        {
            await page.Locator($"#window-0-{field}").FillAsync(string.Empty);
        }

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save defrost plan" }).ClickAsync();
        await Assertions.Expect(page.Locator("#window-0-start")).ToHaveValueAsync("18:00");
        await Assertions.Expect(page.Locator("#window-1-start")).ToHaveValueAsync(string.Empty);

        await ShowAsync($"/admin/assets?edit={WebPlatform.Room}#defrost", "admin-assets-defrost", "#defrost-form", $"{WebPlatform.Room} 的计划除霜");
    }

    /// <summary>Screenshots of the section on desktop and phone and in Chinese, each checked with axe.</summary>
    private async Task ShowAsync(string path, string name, string section, string chineseText)
    {
        foreach (var (width, height, language) in new[] { (1440, 900, (string?)null), (390, 844, null), (1440, 900, "zh-CN") })
        {
            var page = await AdminAsync(width, height, language);
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator(section)).ToBeVisibleAsync();
            if (language is not null)
            {
                await Assertions.Expect(page.Locator("main")).ToContainTextAsync(chineseText);
            }

            await Chromium.ScreenshotAsync(page, $"{name}{(language is null ? string.Empty : "-" + language)}-{width}");
            await Chromium.AssertAccessibleAsync(page);
        }
    }

    private async Task<IPage> AdminAsync(int width = 1440, int height = 900, string? language = null)
    {
        var page = await Chromium.NewPageAsync(Platform.Address, width, height, language);
        await Chromium.SignInAsync(page, Platform.Admin, WebPlatform.Password);
        return page;
    }
}
