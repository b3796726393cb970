using System.Globalization;
using System.Text;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Alarms;

/// <summary>The one notification queue on the real platform: deliveries retried by the worker, every attempt recorded.</summary>
[TestFixture]
[CancelAfter(90_000)]
public sealed class DeliveryQueueTests
{
    private const string Secret = "sms-gateway-shared-secret-0123456789abc";

    [Test]
    public async Task A_webhook_answered_500_then_200_is_retried_by_the_queue_with_both_attempts_recorded_and_a_valid_HMAC_on_each()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1, failure: StatusCodes.Status500InternalServerError);
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite,
            $"--Notifications:Webhook:Url={receiver.Url}", $"--Notifications:Webhook:Secret={Secret}",
            "--Alarms:DeliveryRetryDelay=00:00:00.100");

        var id = await QueueAsync(platform, (queue, db) => queue.Webhook(db, null, NotificationFixtures.Notice()));
        var (delivery, attempts) = await DeliveredAsync(platform, id);

        Assert.Multiple(() =>
        {
            Assert.That(attempts.Select(a => (a.Number, a.Delivered, a.Detail)), Is.EqualTo(new[] { (1, false, "HTTP 500"), (2, true, "HTTP 200") }));
            Assert.That(delivery.Attempts, Is.EqualTo(2));
            Assert.That(receiver.Requests.Select(r => r.AnsweredWith), Is.EqualTo(new[] { 500, 200 }));
            Assert.That(receiver.Requests.All(r => WebhookSignature.Verify(Secret, r.Timestamp, r.Body, r.Signature)), Is.True, "HMAC over timestamp and body on every attempt");
            Assert.That(receiver.Requests.All(r => WebhookSignature.Verify("another-secret-of-at-least-32-characters", r.Timestamp, r.Body, r.Signature)), Is.False);
            Assert.That(receiver.Requests.Select(r => r.Delivery).Distinct().Single(), Is.EqualTo(id.ToString()), "one delivery id across retries");
            Assert.That(receiver.Requests.Select(r => Encoding.UTF8.GetString(r.Body)).Distinct().Single(), Is.EqualTo(delivery.Payload), "the same bytes every time");
        });
    }

    [Test]
    public async Task An_email_queued_while_the_SMTP_relay_is_down_is_retried_until_it_is_back_with_every_attempt_recorded()
    {
        var port = FreePort.Next();
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite,
            "--Notifications:Email:Host=127.0.0.1", $"--Notifications:Email:Port={port.ToString(CultureInfo.InvariantCulture)}", "--Notifications:Email:Security=None",
            "--Alarms:DeliveryRetryDelay=00:00:00.100", "--Alarms:MaxDeliveryRetryDelay=00:00:00.500", "--Alarms:MaxDeliveryAttempts=100");

        var id = await QueueAsync(platform, (queue, db) => queue.Email(db, null, NotificationFixtures.Notice(), ["duty@dc-north.test"]));
        await Eventually.ReturnsAsync(() => AttemptsAsync(platform, id), a => a.Count >= 2, TimeSpan.FromSeconds(20), "two failed attempts while the relay is down");
        await using var smtp = await SmtpServer.StartAsync(port);
        var (delivery, attempts) = await DeliveredAsync(platform, id);

        Assert.Multiple(() =>
        {
            Assert.That(attempts.Select(a => a.Number), Is.EqualTo(Enumerable.Range(1, attempts.Count)), "every attempt, numbered");
            Assert.That(attempts[..^1].Select(a => a.Delivered), Has.All.False);
            Assert.That(attempts[..^1].Select(a => a.Detail), Has.All.Not.Empty, "why each failed");
            Assert.That(attempts[^1].Delivered, Is.True);
            Assert.That(delivery.Attempts, Is.EqualTo(attempts.Count));
            Assert.That(attempts.Zip(attempts.Skip(1)).All(p => p.First.At <= p.Second.At), Is.True);
            Assert.That(smtp.Messages().Single(), Does.Contain("duty@dc-north.test").And.Contain("X-ColdChain-Alarm: 7d3b2c1a-0000-4000-8000-000000000001"));
        });
    }

    private static async Task<Guid> QueueAsync(TestPlatform platform, Action<DeliveryQueue, PlatformDbContext> add)
    {
        var queue = platform.App.Services.GetRequiredService<DeliveryQueue>();
        var id = await platform.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            add(queue, db);
            var delivery = db.ChangeTracker.Entries<NotificationDelivery>().Single().Entity;
            await db.SaveChangesAsync();
            return delivery.Id;
        });
        queue.Wake();
        return id;
    }

    private static Task<List<NotificationAttempt>> AttemptsAsync(TestPlatform platform, Guid delivery) =>
        platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().Set<NotificationAttempt>().AsNoTracking().Where(a => a.DeliveryId == delivery).OrderBy(a => a.Number).ToListAsync());

    private static async Task<(NotificationDelivery Delivery, List<NotificationAttempt> Attempts)> DeliveredAsync(TestPlatform platform, Guid id)
    {
        var delivery = await Eventually.ReturnsAsync(
            () => platform.InScopeAsync(sp => sp.GetRequiredService<PlatformDbContext>().Set<NotificationDelivery>().AsNoTracking().SingleAsync(d => d.Id == id)),
            d => d.State != DeliveryState.Pending,
            TimeSpan.FromSeconds(30),
            "the delivery is done");
        Assert.That(delivery.State, Is.EqualTo(DeliveryState.Delivered), delivery.LastError);
        return (delivery, await AttemptsAsync(platform, id));
    }
}
