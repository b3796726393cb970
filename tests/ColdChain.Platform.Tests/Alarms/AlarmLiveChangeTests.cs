using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Codec;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Alarms;

/// <summary>
/// Over real mosquitto, with the alarm monitor running: registry changes reach the sensors it already judges without a
/// restart, and the cab's acknowledge button acknowledges the platform's alarm for the truck's driver.
/// </summary>
[TestFixture]
[CancelAfter(180_000)]
public sealed class AlarmLiveChangeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private MosquittoServer _mosquitto = null!;

    [OneTimeSetUp]
    public async Task StartBroker() => _mosquitto = await MosquittoServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopBroker() => await _mosquitto.DisposeAsync();

    [Test]
    public async Task A_profile_changed_through_the_api_applies_to_a_sensor_the_running_monitor_already_judges()
    {
        await using var platform = await StartPlatformAsync("truck-p", profile: null);
        await using var truck = await TruckStandIn.ConnectAsync(_mosquitto.Host, _mosquitto.Port, "fleet", "gw-truck-p", "truck-p");
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        var now = TimeProvider.System.GetUtcNow();
        await truck.SendAsync([(now.AddMinutes(-2), 3.0)], now);
        await Eventually.TrueAsync(() => SensorsJudged(platform) >= 1, Wait, "the monitor judges the truck's sensor under chilled 0–4 °C");

        await ChangeAsync(platform, () => platform.SendAsync(admin, HttpMethod.Put, "/api/assets/truck-p", new { name = "Truck P", kind = "truck", site = "fleet", profile = "pharma-2-8" }));
        await truck.SendAsync([(now.AddMinutes(-1), 1.0)], now);

        var below = await Eventually.ReturnsAsync(() => AlarmsAsync(platform, "truck-p", "below_range"), l => l.Count > 0, Wait, "below 2 °C under the new profile");
        Assert.That(below.Single().StartedAt, Is.EqualTo(now.AddMinutes(-1).UtcDateTime).Within(TimeSpan.FromMilliseconds(1)), "1 °C is fine for 0–4 °C and alarms at once for 2–8 °C");
    }

    [Test]
    public async Task A_defrost_plan_added_and_removed_through_the_api_applies_to_the_running_monitor()
    {
        await using var platform = await StartPlatformAsync("room-x", profile: "pharma-2-8");
        await using var truck = await TruckStandIn.ConnectAsync(_mosquitto.Host, _mosquitto.Port, "fleet", "gw-room-x", "room-x");
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        var now = TimeProvider.System.GetUtcNow();
        await truck.SendAsync([(now.AddMinutes(-3), 5.0)], now);
        await Eventually.TrueAsync(() => SensorsJudged(platform) >= 1, Wait, "the monitor judges the room's sensor");

        // Site "fleet" keeps UTC: a defrost that started half an hour ago and lasts an hour, allowed up to 12 °C.
        var start = now.AddMinutes(-30).UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        await ChangeAsync(platform, () => platform.SendAsync(admin, HttpMethod.Put, "/api/assets/room-x/defrost-plan", new { windows = new[] { new { start, durationMinutes = 45, recoveryMinutes = 15, maxTemperature = 12 } } }));
        await truck.SendAsync([(now.AddMinutes(-2), 9.0)], now);
        await ChangeAsync(platform, () => platform.SendAsync(admin, HttpMethod.Put, "/api/assets/room-x/defrost-plan", new { windows = Array.Empty<object>() }));
        await truck.SendAsync([(now.AddMinutes(-1), 9.5)], now);

        var above = await Eventually.ReturnsAsync(() => AlarmsAsync(platform, "room-x", "above_range"), l => l.Count > 0, Wait, "above 8 °C once the plan is gone");
        Assert.That(above.Single().StartedAt, Is.EqualTo(now.AddMinutes(-1).UtcDateTime).Within(TimeSpan.FromMilliseconds(1)), "9 °C during the planned defrost raised nothing");
    }

    [Test]
    public async Task The_cab_button_acknowledges_the_alarm_for_the_trucks_driver_and_its_escalation_stops()
    {
        await using var platform = await StartPlatformAsync("truck-c", profile: "pharma-2-8");
        await using var truck = await TruckStandIn.ConnectAsync(_mosquitto.Host, _mosquitto.Port, "fleet", "gw-truck-c", "truck-c");
        await using var stranger = await TruckStandIn.ConnectAsync(_mosquitto.Host, _mosquitto.Port, "fleet", "gw-stranger", "truck-s");
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        var driver = await platform.SignInAsNewAsync(Roles.Driver);
        using var assign = await platform.SendAsync(admin, HttpMethod.Put, "/api/assets/truck-c", new { name = "Truck C", kind = "truck", site = "fleet", profile = "pharma-2-8", assignedDriverId = driver.UserId });
        Assert.That(assign.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var now = TimeProvider.System.GetUtcNow();
        await truck.SendAsync([(now.AddMinutes(-2), 6.0), (now.AddMinutes(-1), 9.0)], now);
        var alert = await Eventually.ReturnsAsync(
            () => Task.FromResult(truck.Alerts.FirstOrDefault(a => a.Action == CabAlertAction.Raise && a.Message!.Contains("above range", StringComparison.Ordinal))),
            a => a is not null, Wait, "the cab alert");
        var alarmId = Guid.Parse(alert!.AlertId);

        await stranger.PressAcknowledgeAsync(now, alert.AlertId); // another gateway cannot acknowledge this truck's alarm
        await truck.PressAcknowledgeAsync(now, alert.AlertId);
        var acknowledged = await Eventually.ReturnsAsync(() => AlarmAsync(platform, alarmId), a => a.AcknowledgedAt is not null, Wait, "acknowledged from the cab");
        await platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            var alarm = await db.Set<Alarm>().SingleAsync(a => a.Id == alarmId);
            alarm.EscalatedAt = alarm.EscalatedAt!.Value.AddHours(-1);
            return await db.SaveChangesAsync();
        });
        await platform.App.Services.GetRequiredService<AlarmEscalator>().EscalateDueAsync(CancellationToken.None);
        var after = await AlarmAsync(platform, alarmId);
        var (history, audit) = await platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            var h = await db.Set<AlarmHistoryEntry>().AsNoTracking().Where(x => x.AlarmId == alarmId && x.Kind == AlarmHistoryKind.Acknowledged).ToListAsync();
            var a = await db.AuditEntries.AsNoTracking().Where(x => x.Action == "alarm.acknowledge" && x.EntityId == alarmId.ToString()).ToListAsync();
            return (h, a);
        });

        Assert.Multiple(() =>
        {
            Assert.That(acknowledged.AcknowledgedBy, Is.EqualTo(driver.UserId), "the truck's driver, not the stranger's gateway");
            Assert.That(acknowledged.AcknowledgementComment, Does.Contain("cab of truck-c (gateway gw-truck-c)"));
            Assert.That(history.Single().Actor, Is.EqualTo(acknowledged.AcknowledgedByName));
            Assert.That(audit.Single().Actor, Is.EqualTo(driver.Name));
            Assert.That(after.EscalationLevel, Is.EqualTo(acknowledged.EscalationLevel), "no step after the acknowledgement");
            Assert.That(platform.Logs.Lines.Any(l => l.Contains("not one of its alarms", StringComparison.Ordinal)), Is.True, "the stranger's acknowledgement was refused");
        });
    }

    private static int SensorsJudged(TestPlatform platform) => platform.App.Services.GetRequiredService<AlarmMonitor>().SensorCount;

    /// <summary>Makes a registry change and waits until the running rules have been configured from a registry read after it.</summary>
    private static async Task ChangeAsync(TestPlatform platform, Func<Task<HttpResponseMessage>> change)
    {
        using var response = await change();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var monitor = platform.App.Services.GetRequiredService<AlarmMonitor>();
        var directory = platform.App.Services.GetRequiredService<AlarmDirectory>();

        // The change asked for a registry read, which the monitor's tick may have done already; ask again, so that a
        // read after this version comes within a tick rather than at the next periodic refresh.
        var seen = directory.Version;
        directory.RequestRefresh();
        await Eventually.TrueAsync(() => monitor.RulesVersion > seen, Wait, "the monitor applied the change");
    }

    private static Task<List<Alarm>> AlarmsAsync(TestPlatform platform, string asset, string condition) =>
        platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Set<Alarm>().AsNoTracking().Where(a => a.Asset == asset && a.Condition == condition).ToListAsync());

    private static Task<Alarm> AlarmAsync(TestPlatform platform, Guid id) =>
        platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Set<Alarm>().AsNoTracking().SingleAsync(a => a.Id == id));

    private async Task<TestPlatform> StartPlatformAsync(string asset, string? profile)
    {
        string[] registry = ["--Registry:Assets:0:Id=" + asset, "--Registry:Assets:0:Name=Asset", "--Registry:Assets:0:Kind=Truck", "--Registry:Assets:0:Site=fleet"];
        var platform = await TestPlatform.StartAsync(Database.Sqlite,
        [
            "--Alarms:MonitorEnabled=true",
            $"--Alarms:ClientId=alarms-{Guid.NewGuid():N}",
            $"--Ingest:Broker:Host={_mosquitto.Host}",
            $"--Ingest:Broker:Port={_mosquitto.Port}",
            "--Alarms:CheckInterval=00:00:00.100",
            "--Alarms:AcknowledgeWithin=00:10:00",
            "--Notifications:Email:MaxAttempts=1",
            "--Notifications:Email:Port=9",
            .. registry,
            .. profile is null ? Array.Empty<string>() : ["--Registry:Assets:0:Profile=" + profile],
        ]);
        var monitor = platform.App.Services.GetRequiredService<AlarmMonitor>();
        await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the alarm monitor subscribed");
        return platform;
    }
}
