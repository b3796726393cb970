using System.Globalization;
using System.Net;
using System.Text.Json;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Shipments.Notifications;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Platform.Tests.Shipments;

/// <summary>
/// The budget carried across legs, watched while the goods are in transit: chilled 0–4 °C allows 30 min at a time and
/// 60 min in all. 25 min in the warehouse's cold room and 25 min in the carrier's truck pass; 15 more in the truck do not.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class TransitBudgetTests
{
    private const string Secret = "order-platform-shared-secret-0123456789";

    [Test]
    public async Task A_budget_used_up_in_transit_across_two_legs_reaches_both_custody_parties_and_the_order_platform_once()
    {
        var clock = new FakeTimeProvider();
        await using var smtp = await SmtpServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var s = await ShipmentScenario.StartAsync(Database.Sqlite, clock,
            $"--Shipments:WebhookUrl={receiver.Url}",
            $"--Shipments:WebhookSecret={Secret}",
            "--Shipments:TransitWatchInterval=01:00:00",
            $"--Notifications:Email:Host={smtp.Host}",
            $"--Notifications:Email:Port={smtp.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Notifications:Email:Security=None");
        var handover = s.Start + TimeSpan.FromHours(3);
        using (var registered = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-2002", new
        {
            product = "Chilled salmon fillets, 40 cases",
            profile = "chilled-0-4",
            legs = new object[]
            {
                new { asset = "room-1", custodian = ShipmentScenario.Warehouse, from = s.Start, to = (DateTimeOffset?)handover },
                new { asset = "truck-01", custodian = ShipmentScenario.Carrier, from = handover, to = (DateTimeOffset?)null },
            },
        }))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        }

        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, handover, t => Warm(t, s.Start.AddHours(1), 25));
        await s.WriteReadingsAsync("truck-01", "truck-01-t1", handover, s.Now, t => Warm(t, handover.AddHours(1), 25));
        var watch = s.Platform.App.Services.GetRequiredService<TransitBudgetWatch>();

        var within = await watch.ScanAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(30));
        await s.WriteReadingsAsync("truck-01", "truck-01-t1", s.Now, s.Now.AddMinutes(30), t => Warm(t, s.Now, 15));
        var over = await watch.ScanAsync(CancellationToken.None);
        var again = await watch.ScanAsync(CancellationToken.None);

        // The cab alert goes to the truck's gateway too (no broker here: TransitBudgetCabTests covers it).
        var deliveries = await Eventually.ReturnsAsync(
            async () => (await BreachNoticeTests.DeliveriesAsync(s.Platform, BreachNotices.BudgetExceededEvent, "PO-2002")).Where(d => d.Delivery.Channel != CabChannel.Name).ToList(),
            list => list.Count == 3 && list.All(d => d.Delivery.State == DeliveryState.Delivered),
            TimeSpan.FromSeconds(30),
            "the webhook and both e-mails delivered");
        var breach = await s.Platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().Set<TransitBudgetBreach>().AsNoTracking().SingleAsync());
        var hook = receiver.Requests.Single();
        var notice = JsonDocument.Parse(hook.Body).RootElement;
        var mails = smtp.Messages();

        Assert.Multiple(() =>
        {
            Assert.That(within, Is.Empty, "50 of 60 minutes used: no notice");
            Assert.That(over, Is.EqualTo(new[] { "PO-2002" }));
            Assert.That(again, Is.Empty, "not repeated");
            Assert.That((breach.LegIndex, breach.Custodian, breach.CumulativeSinceOrigin, breach.Budget), Is.EqualTo((1, ShipmentScenario.Carrier, TimeSpan.FromMinutes(65), TimeSpan.FromMinutes(60))));
            Assert.That(WebhookSignature.Verify(Secret, hook.Timestamp, hook.Body, hook.Signature), Is.True, "HMAC-signed");
            Assert.That(notice.GetProperty("event").GetString(), Is.EqualTo("shipment.budget-exceeded"));
            Assert.That(notice.GetProperty("cumulativeMinutesSinceOrigin").GetDouble(), Is.EqualTo(65));
            Assert.That(notice.GetProperty("recipients").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { ShipmentScenario.Carrier, ShipmentScenario.Warehouse }));
            Assert.That(deliveries.Select(d => d.Attempts.Count), Has.All.EqualTo(1), "each attempt recorded");
            Assert.That(mails, Has.Count.EqualTo(2));
            Assert.That(mails.Count(m => m.Contains("dispatch@carrier.test", StringComparison.Ordinal)), Is.EqualTo(1), "the carrier holding the goods");
            Assert.That(mails.Count(m => m.Contains("qa@warehouse.test", StringComparison.Ordinal)), Is.EqualTo(1), "the warehouse that handed them over");
            Assert.That(mails, Has.All.Contains("[BUDGET EXCEEDED] order PO-2002"));
        });
    }

    [TestCase("Sqlite")]
    [TestCase("Influx")]
    public async Task A_backlog_landing_in_what_the_watch_already_judged_is_judged_again_from_the_leg_s_start(string storeKind)
    {
        var clock = new FakeTimeProvider();
        await using var influx = storeKind == "Influx" ? await InfluxDbServer.StartAsync() : null;
        string[] store = influx is null ? [] : ["--Storage:Kind=Influx", $"--Storage:Influx:Url={influx.Url}", $"--Storage:Influx:Database={InfluxDbServer.NewDatabaseName()}"];
        await using var s = await ShipmentScenario.StartAsync(Database.Sqlite, clock, ["--Shipments:TransitWatchInterval=01:00:00", .. store]);
        using (var registered = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-2003", new
        {
            product = "Chilled salmon fillets, 40 cases",
            profile = "chilled-0-4",
            legs = new[] { new { asset = "truck-01", custodian = ShipmentScenario.Carrier, from = s.Start, to = (DateTimeOffset?)null } },
        }))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        }

        // The truck was offline from 3 h to 1 h ago: what it sent is in range.
        var offline = s.Now.AddHours(-3);
        var online = s.Now.AddHours(-1);
        await s.WriteReadingsAsync("truck-01", "truck-01-t1", s.Start, s.Now, _ => 3.0, skip: t => t >= offline && t < online);
        var watch = s.Platform.App.Services.GetRequiredService<TransitBudgetWatch>();
        var before = await watch.ScanAsync(CancellationToken.None);

        // Its backlog lands: 70 min at 6 °C, all of it before what the watch has judged already.
        await s.WriteReadingsAsync("truck-01", "truck-01-t1", offline, online, t => Warm(t, offline.AddMinutes(10), 70));
        clock.Advance(TimeSpan.FromMinutes(1));
        await s.WriteReadingsAsync("truck-01", "truck-01-t1", s.Now, s.Now.AddMinutes(1), _ => 3.0);
        var after = await watch.ScanAsync(CancellationToken.None);
        var breach = await s.Platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().Set<TransitBudgetBreach>().AsNoTracking().SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Empty, "nothing out of range yet");
            Assert.That(after, Is.EqualTo(new[] { "PO-2003" }));
            Assert.That(breach.CumulativeSinceOrigin, Is.EqualTo(TimeSpan.FromMinutes(70)));
        });
    }

    /// <summary>3 °C, except 6 °C for <paramref name="minutes"/> from <paramref name="from"/>.</summary>
    private static double Warm(DateTimeOffset t, DateTimeOffset from, int minutes) => t >= from && t < from.AddMinutes(minutes) ? 6.0 : 3.0;
}
