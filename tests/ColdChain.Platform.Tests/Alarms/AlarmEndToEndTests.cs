using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using ColdChain.Protocol.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Alarms;

/// <summary>
/// Over real servers: a truck's gateway on mosquitto, the platform's alarm monitor on its own session, aiosmtpd for
/// the e-mail. Pharma 2–8 °C has no alarm delay, so the alarm is due the moment a reading crosses 8 °C.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class AlarmEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly string[] Contacts = ["dispatch@test.coldchain.local", "night-shift@test.coldchain.local", "qa-deputy@test.coldchain.local"];

    private MosquittoServer _mosquitto = null!;
    private SmtpServer _smtp = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        _mosquitto = await MosquittoServer.StartAsync();
        _smtp = await SmtpServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        await _mosquitto.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Test]
    public async Task A_truck_warming_up_alarms_the_cab_and_e_mails_the_site_and_an_acknowledgement_stops_the_escalation()
    {
        await using var platform = await StartPlatformAsync("truck-7");
        await using var truck = await TruckStandIn.ConnectAsync(_mosquitto.Host, _mosquitto.Port, "fleet", "gw-truck-7", "truck-7");
        var now = TimeProvider.System.GetUtcNow();
        await truck.OnlineAsync(now);

        // Warming up: 5 → 9.5 °C, one reading a minute up to now.
        double[] warming = [5, 5.5, 6, 6.5, 7, 7.6, 8.2, 9.5];
        await truck.SendAsync(warming.Select((c, i) => (now.AddMinutes(i - warming.Length + 1), c)), now);

        var alert = await Eventually.ReturnsAsync(
            () => Task.FromResult(truck.Alerts.FirstOrDefault(a => a.Action == CabAlertAction.Raise && a.Message!.Contains("above range", StringComparison.Ordinal))),
            a => a is not null, Wait, "the cab alert on the gateway's alerts topic");
        var alarmId = Guid.Parse(alert!.AlertId);
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(_smtp.Messages().FirstOrDefault(m => m.Contains($"X-ColdChain-Alarm: {alarmId}", StringComparison.Ordinal))),
            m => m is not null, Wait, "the alarm e-mail at the SMTP server");
        var operatorCaller = await platform.SignInAsNewAsync(Roles.Operator);
        var escalated = await Eventually.ReturnsAsync(() => DetailAsync(platform, operatorCaller, alarmId), d => d.GetProperty("escalationLevel").GetInt32() >= 1, Wait, "escalated to the operator on duty");

        using var ack = await platform.SendAsync(operatorCaller, HttpMethod.Post, $"/api/alarms/{alarmId}/ack", new { comment = "Driver closed the curtain; reefer reset" });
        var levelAtAck = (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("escalationLevel").GetInt32();
        var clear = await Eventually.ReturnsAsync(
            () => Task.FromResult(truck.Alerts.FirstOrDefault(a => a.Action == CabAlertAction.Clear && a.AlertId == alert.AlertId)),
            a => a is not null, Wait, "the cab alert cleared after the acknowledgement");
        await MakeOverdueAsync(platform, alarmId);
        await platform.App.Services.GetRequiredService<AlarmEscalator>().EscalateDueAsync(CancellationToken.None);
        var after = await DetailAsync(platform, operatorCaller, alarmId);
        var kinds = after.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(alert.Site, Is.EqualTo("fleet"));
            Assert.That(alert.Gateway, Is.EqualTo("gw-truck-7"));
            Assert.That(alert.Asset, Is.EqualTo("truck-7"));
            Assert.That(mail, Does.Contain(Contacts[0]).And.Contain(Contacts[1]).And.Contain(Contacts[2]), "all three designated people");
            Assert.That(mail, Does.Contain("truck-7: above range raised"));
            Assert.That(escalated.GetProperty("startedAt").GetString(), Is.EqualTo(Protocol.Codec.UtcTimestampConverter.Format(now.AddMinutes(-1))), "measurement time of the first reading above 8 °C");
            Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(clear, Is.Not.Null);
            Assert.That(after.GetProperty("escalationLevel").GetInt32(), Is.EqualTo(levelAtAck), "no step after the acknowledgement");
            Assert.That(after.GetProperty("acknowledgedBy").GetString(), Is.EqualTo(Roles.Operator));
            Assert.That(kinds, Does.Contain("raised").And.Contain("notified").And.Contain("escalated").And.Contain("acknowledged"));
        });
    }

    [Test]
    public async Task A_backlog_replayed_after_hours_offline_records_the_alarms_at_their_true_times_and_sends_one_summary_not_a_storm()
    {
        await using var platform = await StartPlatformAsync("truck-9");
        await using var truck = await TruckStandIn.ConnectAsync(_mosquitto.Host, _mosquitto.Port, "fleet", "gw-truck-9", "truck-9");
        var now = TimeProvider.System.GetUtcNow();
        var start = now.AddHours(-3);

        // Three excursions above 8 °C while the truck could not report, replayed in three batches.
        var series = Enumerable.Range(0, 90).Select(i => (At: start.AddMinutes(i), Celsius: i % 30 is >= 10 and < 15 ? 9.0 : 5.0)).ToList();
        foreach (var chunk in series.Chunk(30))
        {
            await truck.SendAsync(chunk, now);
        }

        var operatorCaller = await platform.SignInAsNewAsync(Roles.Operator);
        var alarms = await Eventually.ReturnsAsync(
            async () => (await ListAsync(platform, operatorCaller, "/api/alarms?state=all&asset=truck-9")).Where(a => a.GetProperty("condition").GetString() == "above_range" && a.GetProperty("endedAt").ValueKind == JsonValueKind.String).ToList(),
            l => l.Count == 3, Wait, "three past excursions recorded");
        var summary = await Eventually.ReturnsAsync(
            () => Task.FromResult(_smtp.Messages().Where(m => m.Contains("gw-truck-9", StringComparison.Ordinal)).ToList()),
            l => l.Count >= 1, Wait, "the backlog summary e-mail");

        Assert.Multiple(() =>
        {
            Assert.That(alarms, Has.All.Matches<JsonElement>(a => a.GetProperty("late").GetBoolean()));
            Assert.That(alarms.Select(a => a.GetProperty("startedAt").GetString()).Order(), Is.EqualTo(new[] { 10, 40, 70 }.Select(m => Protocol.Codec.UtcTimestampConverter.Format(start.AddMinutes(m)))));
            Assert.That(alarms.Select(a => a.GetProperty("endedAt").GetString()).Order(), Is.EqualTo(new[] { 15, 45, 75 }.Select(m => Protocol.Codec.UtcTimestampConverter.Format(start.AddMinutes(m)))));
            Assert.That(summary, Has.Count.EqualTo(1), "one summary, not one e-mail per alarm:\n" + string.Join("\n----\n", summary));
            Assert.That(summary[0], Does.Contain("backlog summary"));
            Assert.That(truck.Alerts.Where(a => a.Action == CabAlertAction.Raise), Is.Empty, "the past is not sounded in the cab");
        });
    }

    private async Task<TestPlatform> StartPlatformAsync(string asset)
    {
        var platform = await TestPlatform.StartAsync(Database.Sqlite,
            "--Alarms:MonitorEnabled=true",
            $"--Alarms:ClientId=alarms-{Guid.NewGuid():N}",
            $"--Ingest:Broker:Host={_mosquitto.Host}",
            $"--Ingest:Broker:Port={_mosquitto.Port}",
            "--Alarms:CheckInterval=00:00:00.100",
            "--Alarms:AcknowledgeWithin=00:00:02",
            "--Alarms:BacklogSummaryQuiet=00:00:03",
            $"--Alarms:AssetProfiles:0:Asset={asset}",
            "--Alarms:AssetProfiles:0:Profile=pharma-2-8",
            "--Alarms:Escalation:0:Site=fleet",
            "--Alarms:Escalation:0:OperatorsOnDuty:0=ops-on-duty@test.coldchain.local",
            "--Alarms:Escalation:0:QaManagers:0=qa-manager@test.coldchain.local",
            $"--Notifications:Email:Host={_smtp.Host}",
            $"--Notifications:Email:Port={_smtp.Port}",
            "--Notifications:Email:Security=None",
            $"--Registry:Assets:0:Id={asset}", "--Registry:Assets:0:Name=Truck", "--Registry:Assets:0:Kind=Truck", "--Registry:Assets:0:Site=fleet");
        await platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            var site = await db.Sites.SingleAsync(x => x.Id == "fleet");
            site.AlarmContacts = [.. Contacts];
            return await db.SaveChangesAsync();
        });

        // The registry (with the contacts just set) is read at start; read it again, then wait for the subscription.
        await platform.App.Services.GetRequiredService<AlarmDirectory>().RefreshAsync(CancellationToken.None);
        var monitor = platform.App.Services.GetRequiredService<AlarmMonitor>();
        await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the alarm monitor subscribed");
        return platform;
    }

    private static Task<int> MakeOverdueAsync(TestPlatform platform, Guid id) => platform.InScopeAsync(async s =>
    {
        var db = s.GetRequiredService<PlatformDbContext>();
        var alarm = await db.Set<Alarm>().SingleAsync(a => a.Id == id);
        alarm.EscalatedAt = alarm.EscalatedAt!.Value.AddHours(-1);
        return await db.SaveChangesAsync();
    });

    private static async Task<JsonElement> DetailAsync(TestPlatform platform, Caller caller, Guid id)
    {
        using var response = await platform.SendAsync(caller, HttpMethod.Get, $"/api/alarms/{id}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
    }

    private static async Task<List<JsonElement>> ListAsync(TestPlatform platform, Caller caller, string path)
    {
        using var response = await platform.SendAsync(caller, HttpMethod.Get, path);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }
}
