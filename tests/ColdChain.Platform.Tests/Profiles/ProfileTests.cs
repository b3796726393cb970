using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Tests.Support;

namespace ColdChain.Platform.Tests.Profiles;

[TestFixture]
[CancelAfter(60_000)]
public sealed class ProfileTests
{
    [Test]
    public async Task The_presets_are_in_every_new_database_with_frozen_accepted_looser_than_carried()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite);
        var officer = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);

        using var response = await platform.SendAsync(officer, HttpMethod.Get, "/api/profiles");
        var profiles = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);

        Assert.That(profiles.Keys, Is.EquivalentTo(new[] { "chilled-0-4", "chilled-below-8", "frozen", "pharma-2-8", "live-crayfish" }));
        Assert.That(profiles["frozen"].GetProperty("max").GetDouble(), Is.EqualTo(-18));
        Assert.That(profiles["frozen"].GetProperty("acceptMax").GetDouble(), Is.EqualTo(-15));
        Assert.That(profiles["live-crayfish"].GetProperty("min").GetDouble(), Is.GreaterThan(0), "live crayfish never freeze");
    }

    [Test]
    public void Acceptance_limits_tighter_than_the_transport_limits_are_refused()
    {
        var profile = ProfilePresets.All.Single(p => p.Id == "pharma-2-8").Copy();
        profile.AcceptMax = 6;

        Assert.That(ProfilesApi.Validate(profile.Id, profile).Keys, Does.Contain("acceptMax"));
    }

    [Test]
    public void Every_preset_passes_the_same_validation_as_the_API()
    {
        Assert.That(ProfilePresets.All.Where(p => ProfilesApi.Validate(p.Id, p).Count > 0).Select(p => p.Id), Is.Empty);
    }

    [Test]
    public async Task A_changed_profile_is_saved_and_audited_with_old_and_new_values()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite);
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        var changed = ProfilePresets.All.Single(p => p.Id == "chilled-0-4").Copy();
        changed.AlarmDelay = TimeSpan.FromMinutes(20);

        using var put = await platform.SendAsync(admin, HttpMethod.Put, "/api/profiles/chilled-0-4", changed);
        using var audit = await platform.SendAsync(admin, HttpMethod.Get, "/api/audit?entity=profile");
        var last = (await audit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").EnumerateArray().Last();

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.That(last.GetProperty("action").GetString(), Is.EqualTo("profile.update"));
        Assert.That(last.GetProperty("oldValues").GetString(), Does.Contain("00:10:00"));
        Assert.That(last.GetProperty("newValues").GetString(), Does.Contain("00:20:00"));
    }
}
