using System.Net;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Platform.Tests.Identity;

/// <summary>
/// Lockout runs on the app's clock (a FakeTimeProvider here), and repeated failed sign-ins reach every enabled admin
/// at once as an e-mail through the alarm notification channel, delivered by a real SMTP server.
/// </summary>
[TestFixture]
[CancelAfter(90_000)]
public sealed class SecurityAlertTests
{
    private SmtpServer _smtp = null!;
    private FakeTimeProvider _time = null!;
    private TestPlatform _platform = null!;

    [SetUp]
    public async Task Start()
    {
        _smtp = await SmtpServer.StartAsync();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        _platform = await TestPlatform.StartAsync(Database.Sqlite, s => s.AddSingleton<TimeProvider>(_time),
            $"--Notifications:Email:Host={_smtp.Host}", $"--Notifications:Email:Port={_smtp.Port}", "--Notifications:Email:From=security@coldchain.test",
            "--Notifications:Email:Security=None");
    }

    [TearDown]
    public async Task Stop()
    {
        await _platform.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Test]
    public async Task The_lock_lasts_the_configured_time_on_the_apps_clock()
    {
        var user = await _platform.SignInAsNewAsync(Roles.Operator);
        await FailAsync(user.Name, 5);

        using var locked = await _platform.LoginAsync(user.Name, TestPlatform.Password);
        _time.Advance(TimeSpan.FromMinutes(14));
        using var stillLocked = await _platform.LoginAsync(user.Name, TestPlatform.Password);
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var unlocked = await _platform.LoginAsync(user.Name, TestPlatform.Password);
        var lockoutEnd = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Users.Where(u => u.Id == user.UserId).Select(u => u.LockoutEnd).SingleAsync());

        Assert.Multiple(() =>
        {
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(stillLocked.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "14 minutes later");
            Assert.That(unlocked.StatusCode, Is.EqualTo(HttpStatusCode.OK), "15 minutes and a second later");
            Assert.That(lockoutEnd, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 8, 15, 0, TimeSpan.Zero)), "locked until the fake clock's now + 15 minutes");
        });
    }

    [Test]
    public async Task A_locked_account_is_an_immediate_email_to_every_enabled_admin_and_the_delivery_is_audited()
    {
        var first = await _platform.SignInAsNewAsync(Roles.Admin, "first-admin@coldchain.test");
        var second = await _platform.SignInAsNewAsync(Roles.Admin, "second-admin@coldchain.test");
        var gone = await _platform.SignInAsNewAsync(Roles.Admin, "former-admin@coldchain.test");
        (await _platform.SendAsync(first, HttpMethod.Post, $"/api/users/{gone.UserId}/disable", new { })).Dispose();
        var victim = await _platform.SignInAsNewAsync(Roles.Driver, "driver-17@coldchain.test");

        await FailAsync(victim.Name, 5);

        var message = (await Eventually.ReturnsAsync(() => Task.FromResult(_smtp.Messages()), m => m.Count > 0, TimeSpan.FromSeconds(15), "the security alert e-mail arrives")).Single();
        var delivery = await Eventually.ReturnsAsync(
            () => _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.Where(a => a.Action == SecurityAlertSender.DeliveryAction).Select(a => a.Reason).ToListAsync()),
            d => d.Count > 0, TimeSpan.FromSeconds(10), "the delivery is recorded");
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("[SECURITY] driver-17@coldchain.test: repeated failed logins account locked"));
            Assert.That(message, Does.Contain(first.Name).And.Contain(second.Name));
            Assert.That(message, Does.Not.Contain("former-admin@coldchain.test"), "a disabled admin is not told");
            Assert.That(message, Does.Not.Contain(TestPlatform.Password));
            Assert.That(delivery, Is.EqualTo(new[] { "delivered" }));
        });
    }

    [Test]
    public async Task Repeated_failures_from_one_address_for_unknown_accounts_raise_an_alert_too()
    {
        await _platform.SignInAsNewAsync(Roles.Admin, "admin@coldchain.test");

        for (var i = 0; i < 5; i++)
        {
            using var failed = await _platform.LoginAsync($"guess-{i}@coldchain.test", "not a password at all");
        }

        var message = (await Eventually.ReturnsAsync(() => Task.FromResult(_smtp.Messages()), m => m.Count > 0, TimeSpan.FromSeconds(15), "the security alert e-mail arrives")).Single();
        Assert.That(message, Does.Contain("5 failed logins from 127.0.0.1").And.Contain("guess-4@coldchain.test"));
    }

    private async Task FailAsync(string email, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var failed = await _platform.LoginAsync(email, $"wrong password number {i}");
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }
    }
}
