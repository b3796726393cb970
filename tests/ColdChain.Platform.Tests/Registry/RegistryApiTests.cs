using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Registry;

[TestFixture]
[CancelAfter(60_000)]
public sealed class RegistryApiTests
{
    private TestPlatform _platform = null!;
    private Caller _admin = null!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _platform = await TestPlatform.StartAsync(Database.Sqlite);
        _admin = await _platform.SignInAsNewAsync(Roles.Admin);
    }

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task A_site_cannot_go_live_with_fewer_than_three_alarm_contacts()
    {
        var errors = await ProblemAsync(HttpMethod.Put, "/api/sites/dc-south", new { name = "DC South", timeZone = "Europe/Berlin", alarmContacts = new[] { "a@x.test", "b@x.test" }, live = true });

        Assert.That(errors.GetProperty("alarmContacts")[0].GetString(), Does.Contain("at least 3"));
    }

    [Test]
    public async Task A_site_with_an_unknown_time_zone_is_refused_naming_the_field()
    {
        var errors = await ProblemAsync(HttpMethod.Put, "/api/sites/dc-west", new { name = "DC West", timeZone = "Mars/Olympus", alarmContacts = Array.Empty<string>(), live = false });

        Assert.That(errors.GetProperty("timeZone")[0].GetString(), Does.Contain("Mars/Olympus"));
    }

    [Test]
    public async Task An_asset_on_an_unknown_site_or_with_a_driver_who_is_not_a_driver_is_refused()
    {
        var op = await _platform.SignInAsNewAsync(Roles.Operator);

        var errors = await ProblemAsync(HttpMethod.Put, "/api/assets/truck-9", new { name = "Truck 9", kind = "truck", site = "nowhere", assignedDriverId = op.UserId });

        Assert.That(errors.TryGetProperty("site", out _), Is.True);
        Assert.That(errors.GetProperty("assignedDriverId")[0].GetString(), Does.Contain("Driver role"));
    }

    [Test]
    public async Task A_valid_site_and_asset_are_created_and_listed()
    {
        using var site = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/sites/dc-east", new { name = "DC East", timeZone = "Asia/Shanghai", alarmContacts = new[] { "a@x.test", "b@x.test", "c@x.test" }, live = true });
        using var asset = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/room-e1", new { name = "Room E1", kind = "cold_room", site = "dc-east" });
        using var compartment = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/room-e1-zone-a", new { name = "Zone A", kind = "compartment", site = "dc-east", parent = "room-e1" });
        using var list = await _platform.SendAsync(_admin, HttpMethod.Get, "/api/assets");
        var ids = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();

        Assert.That((site.StatusCode, asset.StatusCode, compartment.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created)));
        Assert.That(ids, Does.Contain("room-e1").And.Contain("room-e1-zone-a"));
    }

    [Test]
    public async Task An_asset_with_an_unknown_profile_is_refused_naming_the_field()
    {
        var errors = await ProblemAsync(HttpMethod.Put, "/api/assets/room-p1", new { name = "Room P1", kind = "cold_room", site = "dc-east", profile = "no-such-profile" });

        Assert.That(errors.GetProperty("profile")[0].GetString(), Does.Contain("no-such-profile"));
    }

    [Test]
    public async Task A_compartment_is_judged_by_its_own_profile_else_its_truck_s_else_its_kind_s_preset()
    {
        using var site = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/sites/fleet-w", new { name = "Fleet W", timeZone = "UTC" });
        using var truck = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/truck-w1", new { name = "Truck W1", kind = "truck", site = "fleet-w", profile = "pharma-2-8" });
        using var front = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/truck-w1-front", new { name = "Front", kind = "compartment", site = "fleet-w", parent = "truck-w1" });
        using var rear = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/truck-w1-rear", new { name = "Rear", kind = "compartment", site = "fleet-w", parent = "truck-w1", profile = "frozen" });
        using var freezer = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/freezer-w", new { name = "Freezer", kind = "freezer", site = "fleet-w" });
        Assert.That(new[] { site.StatusCode, truck.StatusCode, front.StatusCode, rear.StatusCode, freezer.StatusCode }, Is.All.EqualTo(HttpStatusCode.Created));

        var profiles = await _platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<ColdChain.Platform.Data.PlatformDbContext>();
            var assets = await db.Assets.AsNoTracking().Where(a => a.Site == "fleet-w").ToListAsync();
            return await ColdChain.Platform.Profiles.AssetProfiles.ForAsync(db, assets, CancellationToken.None);
        });

        Assert.That(profiles["truck-w1-front"].Id, Is.EqualTo("pharma-2-8"));
        Assert.That(profiles["truck-w1-rear"].Id, Is.EqualTo("frozen"));
        Assert.That(profiles["freezer-w"].Id, Is.EqualTo("frozen"));
    }

    private async Task<JsonElement> ProblemAsync(HttpMethod method, string path, object body)
    {
        using var response = await _platform.SendAsync(_admin, method, path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }
}
