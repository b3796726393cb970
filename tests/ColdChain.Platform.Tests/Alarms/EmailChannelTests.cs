using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Tests.Alarms;

[TestFixture]
[CancelAfter(60_000)]
public sealed class EmailChannelTests
{
    [Test]
    public async Task An_alarm_email_reaches_every_designated_person_through_a_real_SMTP_server()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var channel = Channel(new EmailOptions { Host = smtp.Host, Port = smtp.Port, From = "alarms@coldchain.test" });
        string[] people = ["duty@dc-north.test", "qa@dc-north.test", "manager@dc-north.test"];

        var result = await channel.SendAsync(NotificationFixtures.Notice(), people, CancellationToken.None);

        Assert.That(result.Delivered, Is.True, result.Detail);
        var message = (await Eventually.ReturnsAsync(() => Task.FromResult(smtp.Messages()), m => m.Count > 0, TimeSpan.FromSeconds(10), "the e-mail arrives")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("[CRITICAL] cold-room-2: above range raised"));
            Assert.That(message, Does.Contain("7d3b2c1a-0000-4000-8000-000000000001"));
            foreach (var person in people)
            {
                Assert.That(message, Does.Contain(person));
            }
        });
    }

    [Test]
    public async Task An_unreachable_SMTP_server_is_retried_then_reported_as_failed_without_throwing()
    {
        var channel = Channel(new EmailOptions { Host = "127.0.0.1", Port = FreePort.Next(), MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) });

        var result = await channel.SendAsync(NotificationFixtures.Notice(), ["duty@dc-north.test"], CancellationToken.None);

        Assert.That((result.Delivered, result.Attempts), Is.EqualTo((false, 2)));
    }

    private static EmailChannel Channel(EmailOptions options) =>
        new(Options.Create(options), TimeProvider.System, NullLogger<EmailChannel>.Instance);
}
