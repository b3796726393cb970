using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Alarms.Defrost;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Alarms;

[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(120_000)]
public sealed class DefrostPlanApiTests(Database database)
{
    private TestPlatform _platform = null!;
    private Caller _admin = null!;
    private Caller _operator = null!;
    private Caller _driver = null!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _platform = await TestPlatform.StartAsync(database,
            "--Registry:Assets:0:Id=room-d", "--Registry:Assets:0:Name=Room D", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=depot",
            "--Registry:Assets:1:Id=room-d-zone", "--Registry:Assets:1:Name=Room D rack", "--Registry:Assets:1:Kind=Compartment", "--Registry:Assets:1:Site=depot", "--Registry:Assets:1:Parent=room-d");
        _admin = await _platform.SignInAsNewAsync(Roles.Admin);
        _operator = await _platform.SignInAsNewAsync(Roles.Operator);
        _driver = await _platform.SignInAsNewAsync(Roles.Driver);
        await _platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            (await db.Sites.SingleAsync(x => x.Id == "depot")).TimeZone = "Europe/Berlin";
            return await db.SaveChangesAsync();
        });
    }

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task An_admin_sets_a_plan_that_is_audited_read_back_in_site_time_and_fed_to_the_alarm_rules()
    {
        var auditedBefore = await AuditedAsync();
        using var put = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/room-d/defrost-plan", new
        {
            windows = new object[]
            {
                new { start = "18:00", durationMinutes = 30, recoveryMinutes = 15, maxTemperature = 10 },
                new { start = "06:00", durationMinutes = 30, recoveryMinutes = 15, maxTemperature = 10 },
            },
        });
        using var get = await _platform.SendAsync(_operator, HttpMethod.Get, "/api/assets/room-d/defrost-plan");
        var plan = await get.Content.ReadFromJsonAsync<JsonElement>();
        var audited = await AuditedAsync() - auditedBefore;
        var directory = _platform.App.Services.GetRequiredService<AlarmDirectory>();
        await directory.RefreshAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(plan.GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Berlin"));
            Assert.That(plan.GetProperty("windows").EnumerateArray().Select(w => w.GetProperty("start").GetString()), Is.EqualTo(new[] { "06:00", "18:00" }));
            Assert.That(audited, Is.EqualTo(1));
            Assert.That(directory.ProfileFor("room-d").DefrostWindows, Has.Count.EqualTo(2));
            Assert.That(directory.ProfileFor("room-d-zone").DefrostWindows, Has.Count.EqualTo(2), "a compartment follows its parent's plan");
            Assert.That(directory.ProfileFor("room-d").TimeZone.Id, Is.EqualTo("Europe/Berlin"));
        });
    }

    [Test]
    public async Task Occurrences_are_utc_spans_of_the_plan_in_the_sites_time_for_the_asset_and_its_compartments()
    {
        using var put = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/room-d/defrost-plan", new
        {
            windows = new[] { new { start = "06:00", durationMinutes = 30, recoveryMinutes = 15, maxTemperature = 10 } },
        });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Berlin in November is UTC+1: 06:00 local is 05:00 UTC.
        var from = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var spans = await _platform.InScopeAsync(s => DefrostPlan.OccurrencesAsync(s.GetRequiredService<PlatformDbContext>(), "room-d-zone", from, from.AddDays(2), CancellationToken.None));

        Assert.That(spans.Select(o => (o.Start, o.End)), Is.EqualTo(new[]
        {
            (from.AddHours(5), from.AddHours(5).AddMinutes(45)),
            (from.AddDays(1).AddHours(5), from.AddDays(1).AddHours(5).AddMinutes(45)),
        }));
    }

    [Test]
    public async Task A_bad_plan_is_refused_with_the_reason_for_each_window()
    {
        using var fields = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/room-d/defrost-plan", new
        {
            windows = new object[]
            {
                new { start = "25:00", durationMinutes = 0, recoveryMinutes = 15, maxTemperature = 10 },
                new { start = "07:00", durationMinutes = 30, recoveryMinutes = 15, maxTemperature = 3 },
            },
        });
        using var overlap = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/room-d/defrost-plan", new
        {
            windows = new[]
            {
                new { start = "23:50", durationMinutes = 30, recoveryMinutes = 0, maxTemperature = 10 },
                new { start = "00:10", durationMinutes = 30, recoveryMinutes = 0, maxTemperature = 10 },
            },
        });
        var fieldErrors = (await fields.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var overlapErrors = (await overlap.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Multiple(() =>
        {
            Assert.That(fields.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(fieldErrors.GetProperty("windows[0]").ToString(), Does.Contain("HH:mm").And.Contain("durationMinutes"));
            Assert.That(fieldErrors.GetProperty("windows[1]").ToString(), Does.Contain("would suppress nothing"));
            Assert.That(overlap.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(overlapErrors.GetProperty("windows").ToString(), Does.Contain("overlaps"), "across midnight too");
        });
    }

    [Test]
    public async Task Only_an_admin_changes_a_plan_and_a_driver_does_not_see_a_cold_rooms()
    {
        using var byOperator = await _platform.SendAsync(_operator, HttpMethod.Put, "/api/assets/room-d/defrost-plan", new { windows = Array.Empty<object>() });
        using var byDriver = await _platform.SendAsync(_driver, HttpMethod.Get, "/api/assets/room-d/defrost-plan");

        Assert.Multiple(() =>
        {
            Assert.That(byOperator.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byDriver.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private Task<int> AuditedAsync() => _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.AsNoTracking()
        .CountAsync(a => a.Action == "asset.defrost_plan" && a.EntityId == "room-d"));
}
