using System.Net;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Identity;

[TestFixture]
[CancelAfter(60_000)]
public sealed class LoginTests
{
    [Test]
    public async Task Five_failures_lock_the_account_so_even_the_right_password_is_refused_and_an_alert_is_raised()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite);
        var user = await platform.SignInAsNewAsync(Roles.Operator);

        for (var i = 0; i < 5; i++)
        {
            using var failed = await platform.LoginAsync(user.Name, $"wrong password number {i}");
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        using var locked = await platform.LoginAsync(user.Name, TestPlatform.Password);
        var alerts = await platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.CountAsync(a => a.Action == SignInAudit.SecurityAlertAction && a.EntityId == user.UserId));

        Assert.Multiple(() =>
        {
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(alerts, Is.EqualTo(1), "one security alert when the account locks");
            Assert.That(platform.Logs.Lines.Count(l => l.Contains("SECURITY ALERT", StringComparison.Ordinal) && l.Contains(user.Name, StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_lock_lasts_the_configured_time()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite, "--Security:LockoutDuration=00:15:00");
        var user = await platform.SignInAsNewAsync(Roles.Operator);
        for (var i = 0; i < 5; i++)
        {
            (await platform.LoginAsync(user.Name, "wrong password again")).Dispose();
        }

        var lockoutEnd = await platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().Users.Where(u => u.Id == user.UserId).Select(u => u.LockoutEnd).SingleAsync());

        Assert.That(lockoutEnd!.Value - TimeProvider.System.GetUtcNow(), Is.InRange(TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15)));
    }

    [Test]
    public async Task No_log_line_contains_a_password_even_at_trace_level()
    {
        const string tried = "a-distinctive-wrong-password-7731";
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite, "--Logging:LogLevel:Default=Trace");
        var user = await platform.SignInAsNewAsync(Roles.Admin);
        (await platform.LoginAsync(user.Name, tried)).Dispose();
        (await platform.LoginAsync(user.Name, TestPlatform.Password)).Dispose();
        (await platform.SendAsync(TestPlatform.Anonymous, HttpMethod.Post, "/api/auth/password-strength", new { password = tried })).Dispose();

        Assert.That(platform.Logs.Lines, Is.Not.Empty, "logs were captured");
        Assert.That(platform.Logs.Lines.Where(l => l.Contains(tried, StringComparison.Ordinal) || l.Contains(TestPlatform.Password, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Too_many_login_attempts_get_429_with_Retry_After()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite, "--Security:LoginRequestsPerWindow=3", "--Security:RateLimitWindow=00:10:00");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await platform.LoginAsync("nobody@test.coldchain.local", "whatever it is");
            statuses.Add(last.StatusCode);
        }

        using (last)
        {
            Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
            Assert.That(last!.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(10)));
        }
    }

    [Test]
    public async Task Too_many_API_calls_by_one_caller_get_429_with_Retry_After()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite, "--Security:ApiRequestsPerWindow=5", "--Security:RateLimitWindow=00:10:00");
        var caller = await platform.WithApiKeyAsync(Scopes.ReadingsRead);
        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await platform.SendAsync(caller, HttpMethod.Get, "/api/assets");
            statuses.Add((int)response.StatusCode);
            if (i == 5)
            {
                Assert.That(response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
            }
        }

        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 200, 200, 429 }));
    }
}
