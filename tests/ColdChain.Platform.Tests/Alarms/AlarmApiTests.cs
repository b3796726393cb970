using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Alarms;

[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(120_000)]
public sealed class AlarmApiTests(Database database)
{
    private static readonly DateTime T0 = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);

    private TestPlatform _platform = null!;
    private Caller _operator = null!;
    private Caller _driver = null!;
    private Caller _admin = null!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _platform = await TestPlatform.StartAsync(database,
            "--Alarms:AcknowledgeWithin=00:10:00",
            "--Alarms:Escalation:0:Site=fleet",
            "--Alarms:Escalation:0:OperatorsOnDuty:0=ops-on-duty@test.coldchain.local",
            "--Alarms:Escalation:0:QaManagers:0=qa-manager@test.coldchain.local",
            "--Notifications:Email:MaxAttempts=1",
            "--Notifications:Email:Port=9",
            "--Registry:Assets:0:Id=truck-a", "--Registry:Assets:0:Name=Truck A", "--Registry:Assets:0:Kind=Truck", "--Registry:Assets:0:Site=fleet",
            "--Registry:Assets:1:Id=truck-b", "--Registry:Assets:1:Name=Truck B", "--Registry:Assets:1:Kind=Truck", "--Registry:Assets:1:Site=fleet");
        _admin = await _platform.SignInAsNewAsync(Roles.Admin);
        _operator = await _platform.SignInAsNewAsync(Roles.Operator);
        _driver = await _platform.SignInAsNewAsync(Roles.Driver);
        using var assign = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/assets/truck-a", new { name = "Truck A", kind = "truck", site = "fleet", assignedDriverId = _driver.UserId });
        Assert.That(assign.StatusCode, Is.EqualTo(HttpStatusCode.OK), await assign.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task The_list_shows_unacknowledged_alarms_first_then_the_newest()
    {
        var asset = $"room-{Guid.NewGuid():N}"[..20];
        var old = await SeedAsync(asset, T0.AddHours(-5));
        var acked = await SeedAsync(asset, T0.AddHours(-1), acknowledged: true);
        var newest = await SeedAsync(asset, T0);

        var items = await ListAsync(_operator, $"/api/alarms?state=all&asset={asset}");

        Assert.That(items.Select(i => i.GetProperty("id").GetGuid()), Is.EqualTo(new[] { newest, old, acked }));
        var item = items[0];
        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("state").GetString(), Is.EqualTo("raised"));
            Assert.That(item.GetProperty("condition").GetString(), Is.EqualTo("above_range"));
            Assert.That(item.GetProperty("severity").GetString(), Is.EqualTo("critical"));
            Assert.That(item.GetProperty("startedAt").GetString(), Is.EqualTo("2026-11-25T08:00:00.000Z"));
            Assert.That(item.GetProperty("peak").GetDouble(), Is.EqualTo(6.5));
            Assert.That(item.GetProperty("escalationLevel").GetInt32(), Is.Zero);
            Assert.That(item.GetProperty("acknowledgedBy").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task State_filters_open_and_unacknowledged_and_a_bad_state_is_a_problem()
    {
        var asset = $"room-{Guid.NewGuid():N}"[..20];
        var open = await SeedAsync(asset, T0);
        var cleared = await SeedAsync(asset, T0.AddHours(-2), ended: T0.AddHours(-1));
        var clearedAcked = await SeedAsync(asset, T0.AddHours(-4), ended: T0.AddHours(-3), acknowledged: true);

        var openItems = await ListAsync(_operator, $"/api/alarms?state=open&asset={asset}");
        var unacknowledged = await ListAsync(_operator, $"/api/alarms?state=unacknowledged&asset={asset}");
        var inPeriod = await ListAsync(_operator, $"/api/alarms?state=all&asset={asset}&from=2026-11-25T04:30:00Z&to=2026-11-25T06:30:00Z");
        using var bad = await _platform.SendAsync(_operator, HttpMethod.Get, "/api/alarms?state=whatever");

        Assert.Multiple(() =>
        {
            Assert.That(openItems.Select(i => i.GetProperty("id").GetGuid()), Is.EqualTo(new[] { open }));
            Assert.That(unacknowledged.Select(i => i.GetProperty("id").GetGuid()), Is.EqualTo(new[] { open, cleared }));
            Assert.That(inPeriod.Select(i => i.GetProperty("id").GetGuid()), Is.EqualTo(new[] { cleared, clearedAcked }));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task A_driver_sees_and_acknowledges_only_alarms_of_their_own_truck()
    {
        var mine = await SeedAsync("truck-a", T0);
        var other = await SeedAsync("truck-b", T0);

        var listed = await ListAsync(_driver, "/api/alarms?state=all");
        using var getOther = await _platform.SendAsync(_driver, HttpMethod.Get, $"/api/alarms/{other}");
        using var ackOther = await _platform.SendAsync(_driver, HttpMethod.Post, $"/api/alarms/{other}/ack", new { comment = "not mine" });
        using var ackMine = await _platform.SendAsync(_driver, HttpMethod.Post, $"/api/alarms/{mine}/ack", new { comment = "closed the door, cooling down" });

        Assert.Multiple(() =>
        {
            Assert.That(listed.Select(i => i.GetProperty("asset").GetString()), Is.All.EqualTo("truck-a"));
            Assert.That(listed.Select(i => i.GetProperty("id").GetGuid()), Does.Contain(mine));
            Assert.That(getOther.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(ackOther.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(ackMine.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Acknowledging_needs_a_comment_records_who_and_when_in_history_and_audit_and_happens_once()
    {
        var id = await SeedAsync("truck-b", T0);

        using var empty = await _platform.SendAsync(_operator, HttpMethod.Post, $"/api/alarms/{id}/ack", new { comment = "  " });
        using var ok = await _platform.SendAsync(_operator, HttpMethod.Post, $"/api/alarms/{id}/ack", new { comment = "Compressor reset, product checked" });
        using var again = await _platform.SendAsync(_operator, HttpMethod.Post, $"/api/alarms/{id}/ack", new { comment = "again" });
        var detail = await _platform.Http.SendAsync(Get(_operator, $"/api/alarms/{id}"));
        var body = await detail.Content.ReadFromJsonAsync<JsonElement>();
        var acknowledged = await ok.Content.ReadFromJsonAsync<JsonElement>();
        var audited = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.AnyAsync(a => a.Action == "alarm.acknowledge" && a.EntityId == id.ToString()));

        Assert.Multiple(() =>
        {
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(empty.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json").Or.EqualTo("application/json"));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(acknowledged.GetProperty("state").GetString(), Is.EqualTo("acknowledged"));
            Assert.That(acknowledged.GetProperty("acknowledgedBy").GetString(), Is.EqualTo(Roles.Operator), "the display name");
            Assert.That(acknowledged.GetProperty("comment").GetString(), Is.EqualTo("Compressor reset, product checked"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(body.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()), Does.Contain("acknowledged"));
            Assert.That(audited, Is.True);
        });
    }

    [Test]
    public async Task An_unacknowledged_critical_alarm_escalates_step_by_step_to_the_qa_manager_and_an_acknowledged_one_does_not()
    {
        var escalator = _platform.App.Services.GetRequiredService<AlarmEscalator>();
        var waiting = await SeedAsync("truck-b", T0, escalatedAt: Now.AddHours(-1));
        var handled = await SeedAsync("truck-b", T0);
        using var ack = await _platform.SendAsync(_operator, HttpMethod.Post, $"/api/alarms/{handled}/ack", new { comment = "on it" });
        await MakeOverdueAsync(handled);

        // The background escalator runs too; whichever takes a step, each step is taken once.
        await escalator.EscalateDueAsync(CancellationToken.None);
        await MakeOverdueAsync(waiting);
        await escalator.EscalateDueAsync(CancellationToken.None);
        await MakeOverdueAsync(waiting);
        await escalator.EscalateDueAsync(CancellationToken.None);

        var escalated = await DetailAsync(waiting);
        var stopped = await DetailAsync(handled);
        var steps = escalated.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("kind").GetString() == "escalated").Select(h => h.GetProperty("detail").GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(escalated.GetProperty("escalationLevel").GetInt32(), Is.EqualTo(2), "driver → operator on duty → QA manager, and no further");
            Assert.That(steps, Has.Count.EqualTo(2));
            Assert.That(steps[0], Does.Contain("operator on duty").And.Contain("ops-on-duty@test.coldchain.local"));
            Assert.That(steps[1], Does.Contain("QA manager").And.Contain("qa-manager@test.coldchain.local"));
            Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stopped.GetProperty("escalationLevel").GetInt32(), Is.Zero);
        });
    }

    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    /// <summary>As if the acknowledgement time had passed since the last step, without waiting for it.</summary>
    private Task MakeOverdueAsync(Guid id) => _platform.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<PlatformDbContext>();
        var alarm = await db.Set<Alarm>().SingleAsync(a => a.Id == id);
        alarm.EscalatedAt = Now.AddHours(-1);
        return await db.SaveChangesAsync();
    });

    private async Task<JsonElement> DetailAsync(Guid id)
    {
        using var response = await _platform.Http.SendAsync(Get(_operator, $"/api/alarms/{id}"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<JsonElement>> ListAsync(Caller caller, string path)
    {
        using var response = await _platform.Http.SendAsync(Get(caller, path));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private static HttpRequestMessage Get(Caller caller, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        caller.Authenticate(request);
        return request;
    }

    private Task<Guid> SeedAsync(string asset, DateTime startedAt, DateTime? ended = null, bool acknowledged = false, DateTime? escalatedAt = null) =>
        _platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            var alarm = new Alarm
            {
                Id = Guid.CreateVersion7(),
                Site = "fleet",
                Gateway = "gw-test",
                Asset = asset,
                Source = $"{asset}-t1",
                Condition = "above_range",
                Severity = "critical",
                State = ended is null ? (acknowledged ? AlarmState.Acknowledged : AlarmState.Raised) : AlarmState.Cleared,
                StartedAt = startedAt,
                EndedAt = ended,
                RaisedAt = startedAt.AddMinutes(5),
                Peak = 6.5,
                Reason = "6.5 °C against 0…4 °C",
                AcknowledgedAt = acknowledged ? startedAt.AddMinutes(10) : null,
                AcknowledgedBy = acknowledged ? "someone" : null,
                AcknowledgedByName = acknowledged ? "Someone" : null,
                AcknowledgementComment = acknowledged ? "seen" : null,
                EscalatedAt = escalatedAt ?? Now,
            };
            db.Set<Alarm>().Add(alarm);
            await db.SaveChangesAsync();
            return alarm.Id;
        });
}
