using System.Globalization;
using System.Text.Json;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Shipments.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Shipments;

[TestFixture]
[CancelAfter(120_000)]
public sealed class BreachNoticeTests
{
    private const string Secret = "order-platform-shared-secret-0123456789";

    [Test]
    public async Task A_breached_handover_reaches_the_order_platform_by_signed_webhook_and_both_parties_by_email_through_the_alarm_queue_every_attempt_recorded()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        await using var s = await ShipmentScenario.StartAsync(Support.Database.Sqlite,
            $"--Shipments:WebhookUrl={receiver.Url}",
            $"--Shipments:WebhookSecret={Secret}",
            $"--Notifications:Email:Host={smtp.Host}",
            $"--Notifications:Email:Port={smtp.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Notifications:Email:Security=None");
        await s.RegisterAsync();
        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, s.Now, _ => 3.0);

        var check = await s.CheckAsync(request: s.CheckRequest(probe: 9.0));
        var deliveries = await Eventually.ReturnsAsync(
            () => DeliveriesAsync(s.Platform, BreachNotices.BreachedEvent, "PO-1001"),
            list => list.Count == 3 && list.All(d => d.Delivery.State == DeliveryState.Delivered),
            TimeSpan.FromSeconds(30),
            "three deliveries done");
        var mails = smtp.Messages();
        var hook = receiver.Requests.Last();
        var webhook = deliveries.Single(d => d.Delivery.Channel == WebhookChannel.Name);

        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("verdict").GetString(), Is.EqualTo("breached"));
            Assert.That(webhook.Delivery.Attempts, Is.EqualTo(3), "two refusals, then delivered");
            Assert.That(webhook.Attempts.Select(a => (a.Number, a.Delivered, a.Detail)), Is.EqualTo(new[] { (1, false, "HTTP 503"), (2, false, "HTTP 503"), (3, true, "HTTP 200") }), "each attempt recorded");
            Assert.That(webhook.Delivery.Endpoint, Is.EqualTo(BreachNotices.OrderPlatform));
            Assert.That(receiver.Requests.All(r => WebhookSignature.Verify(Secret, r.Timestamp, r.Body, r.Signature)), Is.True);
            Assert.That(receiver.Requests.Select(r => r.Delivery).Distinct().Single(), Is.EqualTo(webhook.Delivery.Id.ToString()), "one delivery id across retries");
            Assert.That(JsonDocument.Parse(hook.Body).RootElement.GetProperty("reasons")[0].GetProperty("code").GetString(), Is.EqualTo("product_outside_acceptance"));
            Assert.That(mails, Has.Count.EqualTo(2));
            Assert.That(mails.Count(m => m.Contains("qa@warehouse.test", StringComparison.Ordinal)), Is.EqualTo(1), "the warehouse's people");
            Assert.That(mails.Count(m => m.Contains("dispatch@carrier.test", StringComparison.Ordinal)), Is.EqualTo(1), "the carrier's people");
            Assert.That(mails, Has.All.Contains("PO-1001").And.All.Contains("X-ColdChain-Handover: " + check.GetProperty("id").GetString()));
        });
    }

    /// <summary>The notice deliveries of one topic and order, each with its recorded attempts in order.</summary>
    internal static Task<List<(NotificationDelivery Delivery, List<NotificationAttempt> Attempts)>> DeliveriesAsync(Support.TestPlatform platform, string topic, string orderRef) =>
        platform.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var deliveries = await db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.Topic == topic && d.Reference == orderRef).ToListAsync();
            var ids = deliveries.Select(d => d.Id).ToList();
            var attempts = await db.Set<NotificationAttempt>().AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync();
            return deliveries.Select(d => (d, attempts.Where(a => a.DeliveryId == d.Id).OrderBy(a => a.Number).ToList())).ToList();
        });
}
