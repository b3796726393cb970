using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Tests.Alarms;

[TestFixture]
[CancelAfter(60_000)]
public sealed class WebhookChannelTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters";

    [Test]
    public async Task A_webhook_is_signed_and_retried_until_the_receiver_accepts_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        using var http = new HttpClient();
        var channel = new WebhookChannel(http, Options.Create(Settings(receiver.Url)), TimeProvider.System, NullLogger<WebhookChannel>.Instance);

        var result = await channel.SendAsync(NotificationFixtures.Notice(), CancellationToken.None);

        Assert.That((result.Delivered, result.Attempts), Is.EqualTo((true, 3)), result.Detail);
        Assert.That(receiver.Requests, Has.Count.EqualTo(3));
        Assert.That(receiver.Requests.Select(r => r.Delivery).Distinct().Count(), Is.EqualTo(1), "one delivery id across retries");
        Assert.That(receiver.Requests.All(r => WebhookSignature.Verify(Secret, r.Timestamp, r.Body, r.Signature)), Is.True, "every attempt is signed");
    }

    [Test]
    public void A_tampered_body_does_not_verify()
    {
        var body = "{\"asset\":\"cold-room-2\"}"u8.ToArray();
        var signature = WebhookSignature.Compute(Secret, 1_800_000_000, body);

        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Verify(Secret, 1_800_000_000, body, signature), Is.True);
            Assert.That(WebhookSignature.Verify(Secret, 1_800_000_000, "{\"asset\":\"cold-room-3\"}"u8, signature), Is.False);
            Assert.That(WebhookSignature.Verify(Secret, 1_800_000_001, body, signature), Is.False, "the timestamp is signed too");
        });
    }

    [Test]
    public async Task A_receiver_that_refuses_for_good_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: int.MaxValue, failure: StatusCodes.Status400BadRequest);
        using var http = new HttpClient();
        var channel = new WebhookChannel(http, Options.Create(Settings(receiver.Url)), TimeProvider.System, NullLogger<WebhookChannel>.Instance);

        var result = await channel.SendAsync(NotificationFixtures.Notice(), CancellationToken.None);

        Assert.That((result.Delivered, result.Attempts), Is.EqualTo((false, 1)), result.Detail);
    }

    private static WebhookOptions Settings(Uri url) => new()
    {
        Url = url,
        Secret = Secret,
        MaxAttempts = 5,
        RetryDelay = TimeSpan.FromMilliseconds(20),
    };
}
