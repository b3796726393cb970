using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;

namespace ColdChain.Platform.Tests.Audit;

[TestFixture]
[CancelAfter(60_000)]
public sealed class AuditApiTests
{
    [Test]
    public async Task A_registry_change_is_listed_with_actor_old_and_new_values_and_a_chained_hash()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite);
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        var site = new { name = "Depot", timeZone = "Europe/Berlin", alarmContacts = Array.Empty<string>(), live = false };
        (await platform.SendAsync(admin, HttpMethod.Put, "/api/sites/depot", site)).Dispose();
        (await platform.SendAsync(admin, HttpMethod.Put, "/api/sites/depot", site with { name = "Depot East" })).Dispose();

        using var response = await platform.SendAsync(admin, HttpMethod.Get, "/api/audit?entity=site&pageSize=10");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var entries = page.GetProperty("entries").EnumerateArray().ToList();

        Assert.That(entries, Has.Count.EqualTo(2));
        var update = entries[1];
        Assert.Multiple(() =>
        {
            Assert.That(update.GetProperty("action").GetString(), Is.EqualTo("site.update"));
            Assert.That(update.GetProperty("actor").GetString(), Is.EqualTo(admin.Name));
            Assert.That(update.GetProperty("actorKind").GetString(), Is.EqualTo("user"));
            Assert.That(update.GetProperty("oldValues").GetString(), Does.Contain("\"Depot\""));
            Assert.That(update.GetProperty("newValues").GetString(), Does.Contain("Depot East"));
            Assert.That(update.GetProperty("sourceAddress").GetString(), Is.EqualTo("127.0.0.1"));
            Assert.That(update.GetProperty("hash").GetString(), Has.Length.EqualTo(64));
        });
    }

    [Test]
    public async Task Logins_are_audited_whether_they_succeed_or_fail()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite);
        var officer = await platform.SignInAsNewAsync(Roles.ComplianceOfficer);
        (await platform.LoginAsync(officer.Name, "wrong password entirely")).Dispose();

        using var response = await platform.SendAsync(officer, HttpMethod.Get, $"/api/audit?actor={Uri.EscapeDataString(officer.Name)}");
        var actions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();

        Assert.That(actions, Is.EqualTo(new[] { "login.success", "login.failure" }));
    }
}
