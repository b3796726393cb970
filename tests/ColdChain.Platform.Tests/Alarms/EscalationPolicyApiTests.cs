using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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
public sealed class EscalationPolicyApiTests(Database database)
{
    private const string ConfiguredOps = "ops-configured@test.coldchain.local";

    private TestPlatform _platform = null!;
    private Caller _admin = null!;
    private Caller _operator = null!;
    private string _operatorEmail = null!;
    private string _qaEmail = null!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _platform = await TestPlatform.StartAsync(database,
            "--Alarms:AcknowledgeWithin=00:10:00",
            "--Alarms:Escalation:0:Site=depot",
            $"--Alarms:Escalation:0:OperatorsOnDuty:0={ConfiguredOps}",
            "--Alarms:Escalation:0:QaManagers:0=qa-configured@test.coldchain.local",
            "--Registry:Assets:0:Id=room-e", "--Registry:Assets:0:Name=Room E", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=depot",
            "--Registry:Assets:1:Id=room-f", "--Registry:Assets:1:Name=Room F", "--Registry:Assets:1:Kind=ColdRoom", "--Registry:Assets:1:Site=annex",
            "--Registry:Assets:2:Id=room-g", "--Registry:Assets:2:Name=Room G", "--Registry:Assets:2:Kind=ColdRoom", "--Registry:Assets:2:Site=yard");
        _admin = await _platform.SignInAsNewAsync(Roles.Admin);
        _operatorEmail = $"operator-{Guid.NewGuid():N}@test.coldchain.local";
        _operator = await _platform.SignInAsNewAsync(Roles.Operator, _operatorEmail);
        _qaEmail = $"qa-{Guid.NewGuid():N}@test.coldchain.local";
        await _platform.SignInAsNewAsync(Roles.ComplianceOfficer, _qaEmail);
        using var sites = await _platform.SendAsync(_admin, HttpMethod.Put, $"/api/users/{_operator.UserId}/sites", new { sites = new[] { "depot", "yard" } });
        Assert.That(sites.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sites.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task A_site_without_a_policy_of_its_own_shows_the_configured_chain_with_its_delay()
    {
        var policy = await GetAsync("annex");
        var configured = await GetAsync("depot");

        Assert.Multiple(() =>
        {
            Assert.That(configured.GetProperty("source").GetString(), Is.EqualTo("configuration"));
            Assert.That(Recipients(configured, 1), Is.EqualTo(new[] { ConfiguredOps }));
            Assert.That(configured.GetProperty("steps")[1].GetProperty("delayMinutes").GetDouble(), Is.EqualTo(10));
            Assert.That(policy.GetProperty("source").GetString(), Is.EqualTo("none"));
            Assert.That(Recipients(policy, 2), Is.Empty);
        });
    }

    [Test]
    public async Task An_admin_stores_a_policy_that_is_read_back_and_audited_with_the_policy_before_and_after()
    {
        using var first = await PutAsync("annex", Policy(5, [], [Roles.Operator], 20, [_qaEmail.ToUpperInvariant()]));
        using var second = await PutAsync("annex", Policy(4, [_operatorEmail], [], 30, [_qaEmail]));
        var policy = await GetAsync("annex");
        var audit = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Action == "site.escalation" && a.EntityId == "annex").OrderBy(a => a.Sequence).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no operator works at the annex: the role reaches nobody");
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(policy.GetProperty("source").GetString(), Is.EqualTo("site"));
            Assert.That(policy.GetProperty("steps")[1].GetProperty("delayMinutes").GetDouble(), Is.EqualTo(4));
            Assert.That(Recipients(policy, 1), Is.EqualTo(new[] { _operatorEmail }));
            Assert.That(Recipients(policy, 2), Is.EqualTo(new[] { _qaEmail }));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit[0].OldValues, Does.Contain("\"none\""));
            Assert.That(audit[0].NewValues, Does.Contain(_operatorEmail).And.Contain("\"site\""));
        });

        using var third = await PutAsync("annex", Policy(6, [_operatorEmail], [], 30, [_qaEmail]));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a stored policy is replaced as a whole");
        Assert.That((await GetAsync("annex")).GetProperty("steps")[1].GetProperty("delayMinutes").GetDouble(), Is.EqualTo(6));
    }

    [Test]
    public async Task A_role_reaches_its_enabled_members_working_at_the_site()
    {
        using var put = await PutAsync("yard", Policy(3, [], [Roles.Operator], 3, [_qaEmail]));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        var directory = _platform.App.Services.GetRequiredService<AlarmDirectory>();
        await directory.RefreshAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(directory.Recipients(1, "yard", "room-g"), Is.EqualTo(new[] { _operatorEmail }));
            Assert.That(directory.EscalationDelay(1, "yard"), Is.EqualTo(TimeSpan.FromMinutes(3)));
            Assert.That(directory.Recipients(1, "annex-unknown", "x"), Is.Empty);
        });
    }

    [Test]
    public async Task A_bad_policy_is_refused_with_the_reason_for_each_step()
    {
        using var order = await PutAsync("depot", new { steps = new object[] { Step(1, 5, [_operatorEmail], []), Step(0, null, [], []), Step(2, 5, [_qaEmail], []) } });
        using var fields = await PutAsync("depot", new
        {
            steps = new object[]
            {
                Step(0, 5, [], []),
                Step(1, 0, ["stranger@test.coldchain.local"], [Roles.Driver]),
                Step(2, 100_000, [], []),
            },
        });
        var orderErrors = (await order.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        var fieldErrors = (await fields.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Multiple(() =>
        {
            Assert.That(order.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(order.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(orderErrors.GetProperty("steps").ToString(), Does.Contain("in this order"));
            Assert.That(fields.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(fieldErrors.GetProperty("steps[0]").ToString(), Does.Contain("no delay"));
            Assert.That(fieldErrors.GetProperty("steps[1]").ToString(), Does.Contain("delayMinutes").And.Contain("stranger@test.coldchain.local").And.Contain("unknown role Driver"));
            Assert.That(fieldErrors.GetProperty("steps[2]").ToString(), Does.Contain("delayMinutes"));
        });
    }

    [Test]
    public async Task Only_an_admin_changes_a_policy_and_an_unknown_site_has_none()
    {
        using var byOperator = await _platform.SendAsync(_operator, HttpMethod.Put, "/api/sites/depot/escalation", Policy(5, [_operatorEmail], [], 5, [_qaEmail]));
        using var unknown = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/sites/nope/escalation", Policy(5, [_operatorEmail], [], 5, [_qaEmail]));
        using var read = await _platform.SendAsync(_operator, HttpMethod.Get, "/api/sites/depot/escalation");

        Assert.Multiple(() =>
        {
            Assert.That(byOperator.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private static object Policy(double operatorsAfter, string[] operators, string[] operatorRoles, double qaAfter, string[] qa) =>
        new { steps = new[] { Step(0, null, [], []), Step(1, operatorsAfter, operators, operatorRoles), Step(2, qaAfter, qa, []) } };

    private static object Step(int level, double? delayMinutes, string[] recipients, string[] roles) => new { level, delayMinutes, recipients, roles };

    private static IEnumerable<string?> Recipients(JsonElement policy, int level) =>
        policy.GetProperty("steps")[level].GetProperty("recipients").EnumerateArray().Select(r => r.GetString());

    private Task<HttpResponseMessage> PutAsync(string site, object body) => _platform.SendAsync(_admin, HttpMethod.Put, $"/api/sites/{site}/escalation", body);

    private async Task<JsonElement> GetAsync(string site)
    {
        using var response = await _platform.SendAsync(_operator, HttpMethod.Get, $"/api/sites/{site}/escalation");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), site);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
