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
    public async Task A_breached_handover_reaches_the_order_platform_by_signed_webhook_and_both_parties_by_email_each_delivery_recorded()
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
        var id = Guid.Parse(check.GetProperty("id").GetString()!);
        var deliveries = await Eventually.ReturnsAsync(
            () => s.Platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().Set<ShipmentDelivery>().AsNoTracking().Where(d => d.CheckId == id).ToListAsync()),
            list => list.Count == 3 && list.All(d => d.DeliveredAt != null),
            TimeSpan.FromSeconds(30),
            "three deliveries done");
        var mails = smtp.Messages();
        var hook = receiver.Requests.Last();

        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("verdict").GetString(), Is.EqualTo("breached"));
            Assert.That(deliveries.Single(d => d.Channel == BreachNotices.Webhook).Attempts, Is.EqualTo(3), "two refusals, then delivered");
            Assert.That(receiver.Requests.All(r => WebhookSignature.Verify(Secret, r.Timestamp, r.Body, r.Signature)), Is.True);
            Assert.That(JsonDocument.Parse(hook.Body).RootElement.GetProperty("reasons")[0].GetProperty("code").GetString(), Is.EqualTo("product_outside_acceptance"));
            Assert.That(mails, Has.Count.EqualTo(2));
            Assert.That(mails.Count(m => m.Contains("qa@warehouse.test", StringComparison.Ordinal)), Is.EqualTo(1), "the warehouse's people");
            Assert.That(mails.Count(m => m.Contains("dispatch@carrier.test", StringComparison.Ordinal)), Is.EqualTo(1), "the carrier's people");
            Assert.That(mails, Has.All.Contains("PO-1001"));
        });
    }
}
