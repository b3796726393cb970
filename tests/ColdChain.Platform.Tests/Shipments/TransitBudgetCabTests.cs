using System.Net;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Shipments.Notifications;
using ColdChain.Platform.Tests.Alarms;
using ColdChain.Platform.Tests.Support;
using ColdChain.Protocol.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Shipments;

/// <summary>
/// Over a real mosquitto: the truck's gateway subscribed to its <c>alerts</c> topic, the platform's alarm monitor on its
/// own session. Chilled 0–4 °C allows 60 min out of range in all; three 25-minute warm spells in the truck use it up.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class TransitBudgetCabTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_budget_used_up_in_a_truck_sounds_the_cab_alert_on_its_gateway_recorded_as_a_delivery()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var s = await ShipmentScenario.StartAsync(Database.Sqlite,
            "--Alarms:MonitorEnabled=true",
            $"--Alarms:ClientId=alarms-{Guid.NewGuid():N}",
            $"--Ingest:Broker:Host={mosquitto.Host}",
            $"--Ingest:Broker:Port={mosquitto.Port}",
            "--Shipments:TransitWatchInterval=01:00:00");
        await using var truck = await TruckStandIn.ConnectAsync(mosquitto.Host, mosquitto.Port, "dc", "gw-truck-01", "truck-01");
        var monitor = s.Platform.App.Services.GetRequiredService<AlarmMonitor>();
        await Eventually.TrueAsync(() => monitor.IsSubscribed, Wait, "the alarm monitor subscribed");
        using (var registered = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-3003", new
        {
            product = "Chilled salmon fillets, 40 cases",
            profile = "chilled-0-4",
            legs = new[] { new { asset = "truck-01", custodian = ShipmentScenario.Carrier, from = s.Start, to = (DateTimeOffset?)null } },
        }))
        {
            Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        }

        await s.WriteReadingsAsync("truck-01", "truck-01-t1", s.Start, s.Now, t => (t - s.Start).TotalMinutes % 120 < 25 ? 6.0 : 3.0);

        var notified = await s.Platform.App.Services.GetRequiredService<TransitBudgetWatch>().ScanAsync(CancellationToken.None);

        var alert = await Eventually.ReturnsAsync(
            () => Task.FromResult(truck.Alerts.FirstOrDefault(a => a.AlertId == BreachNotices.CabAlertId("PO-3003"))),
            a => a is not null, Wait, "the cab alert on the truck gateway's alerts topic");
        var cab = await Eventually.ReturnsAsync(
            async () => (await BreachNoticeTests.DeliveriesAsync(s.Platform, BreachNotices.BudgetExceededEvent, "PO-3003")).SingleOrDefault(d => d.Delivery.Channel == CabChannel.Name),
            d => d.Delivery?.State == DeliveryState.Delivered, Wait, "the cab delivery recorded as delivered");

        Assert.Multiple(() =>
        {
            Assert.That(notified, Is.EqualTo(new[] { "PO-3003" }));
            Assert.That((alert!.Site, alert.Gateway, alert.Asset, alert.Action), Is.EqualTo(("dc", "gw-truck-01", "truck-01", CabAlertAction.Raise)));
            Assert.That(alert.Message, Does.Contain("PO-3003").And.Contain("75 min"));
            Assert.That(cab.Delivery.Target, Is.EqualTo("dc/gw-truck-01"));
            Assert.That(cab.Attempts.Single().Delivered, Is.True, "the attempt recorded");
        });
    }
}
