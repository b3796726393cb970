using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Identity;

[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(90_000)]
public sealed class UserAdministrationTests(Database database)
{
    private TestPlatform _platform = null!;

    [SetUp]
    public async Task Start() => _platform = await TestPlatform.StartAsync(database);

    [TearDown]
    public async Task Stop() => await _platform.DisposeAsync();

    [Test]
    public async Task A_disabled_user_loses_the_open_session_and_cannot_sign_in_until_enabled_again_all_audited()
    {
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);
        var operatorUser = await _platform.SignInAsNewAsync(Roles.Operator);
        using var before = await _platform.SendAsync(operatorUser, HttpMethod.Get, "/api/auth/me");

        using var disable = await _platform.SendAsync(admin, HttpMethod.Post, $"/api/users/{operatorUser.UserId}/disable", new { reason = "left the company" });
        using var session = await _platform.SendAsync(operatorUser, HttpMethod.Get, "/api/auth/me");
        using var login = await _platform.LoginAsync(operatorUser.Name, TestPlatform.Password);
        using var enable = await _platform.SendAsync(admin, HttpMethod.Post, $"/api/users/{operatorUser.UserId}/enable", new { reason = "rehired" });
        using var loginAgain = await _platform.LoginAsync(operatorUser.Name, TestPlatform.Password);
        var disabled = await disable.Content.ReadFromJsonAsync<JsonElement>();
        var audit = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries
            .Where(a => a.EntityId == operatorUser.UserId && (a.Action == "user.disable" || a.Action == "user.enable"))
            .OrderBy(a => a.Sequence).Select(a => new { a.Action, a.Actor, a.Reason }).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(disable.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(disabled.GetProperty("disabled").GetBoolean(), Is.True);
            Assert.That(session.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the open session ends at its next request");
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "sign-in refused");
            Assert.That(enable.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(loginAgain.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(audit.Select(a => (a.Action, a.Actor, a.Reason)), Is.EqualTo(new[]
            {
                ("user.disable", admin.Name, (string?)"left the company"),
                ("user.enable", admin.Name, "rehired"),
            }));
        });
    }

    [Test]
    public async Task A_role_change_takes_effect_at_the_users_next_request_and_records_old_and_new_roles()
    {
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);
        var user = await _platform.SignInAsNewAsync(Roles.Operator);
        using var asOperator = await _platform.SendAsync(user, HttpMethod.Get, "/api/audit");

        using var change = await _platform.SendAsync(admin, HttpMethod.Put, $"/api/users/{user.UserId}/role", new { role = Roles.ComplianceOfficer, reason = "moved to QA" });
        using var asOfficer = await _platform.SendAsync(user, HttpMethod.Get, "/api/audit");
        var entry = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.SingleAsync(a => a.Action == "user.role-change" && a.EntityId == user.UserId));

        Assert.Multiple(() =>
        {
            Assert.That(asOperator.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(change.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(asOfficer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the same session now has the new role");
            Assert.That(entry.OldValues, Does.Contain(Roles.Operator));
            Assert.That(entry.NewValues, Does.Contain(Roles.ComplianceOfficer));
            Assert.That(entry.Reason, Is.EqualTo("moved to QA"));
        });
    }

    [Test]
    public async Task The_last_enabled_admin_can_be_neither_disabled_nor_demoted_but_one_of_two_can()
    {
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);

        using var disableSelf = await _platform.SendAsync(admin, HttpMethod.Post, $"/api/users/{admin.UserId}/disable", new { });
        using var demoteSelf = await _platform.SendAsync(admin, HttpMethod.Put, $"/api/users/{admin.UserId}/role", new { role = Roles.Operator });
        var second = await _platform.SignInAsNewAsync(Roles.Admin);
        using var disableSecond = await _platform.SendAsync(admin, HttpMethod.Post, $"/api/users/{second.UserId}/disable", new { });
        using var demoteFirst = await _platform.SendAsync(admin, HttpMethod.Put, $"/api/users/{admin.UserId}/role", new { role = Roles.Operator });
        var problem = await disableSelf.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(disableSelf.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("last enabled admin"));
            Assert.That(demoteSelf.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(disableSecond.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(demoteFirst.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the second admin is disabled: the first is the last enabled one");
        });
    }

    [Test]
    public async Task An_unknown_role_is_refused_naming_the_roles()
    {
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);
        var user = await _platform.SignInAsNewAsync(Roles.Driver);

        using var response = await _platform.SendAsync(admin, HttpMethod.Put, $"/api/users/{user.UserId}/role", new { role = "Superuser" });
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body, Does.Contain("Operator, Driver, ComplianceOfficer, Admin"));
    }
}
