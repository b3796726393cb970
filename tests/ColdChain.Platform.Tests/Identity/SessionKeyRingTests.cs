using System.Net;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Identity;

/// <summary>
/// The keys that protect session cookies live in the platform database, not in a container's home folder: replicas
/// behind a load balancer accept each other's sessions, and a redeployed container signs nobody out.
/// </summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(120_000)]
public sealed class SessionKeyRingTests(Database database)
{
    [Test]
    public async Task A_session_signed_in_at_one_platform_instance_is_good_at_another_over_the_same_database_and_after_a_restart()
    {
        await using var first = await TestPlatform.StartAsync(database);
        var user = await first.SignInAsNewAsync(Roles.Operator);
        string[] sameDatabase = database == Database.Sqlite
            ? [$"--Database:ConnectionString=Data Source={Path.Combine(first.DataFolder, "platform.db")}"]
            : first.DatabaseArgs[..^1]; // without its data folder: each instance has its own, as containers do
        using var atFirst = await first.SendAsync(user, HttpMethod.Get, "/api/auth/me");
        var keys = await first.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().DataProtectionKeys.AsNoTracking().ToListAsync());

        HttpStatusCode atSecond, afterRestart;
        await using (var second = await TestPlatform.StartAsync(database, sameDatabase))
        {
            using var response = await second.SendAsync(user, HttpMethod.Get, "/api/auth/me");
            atSecond = response.StatusCode;
        }

        await first.App.StopAsync();
        await using (var restarted = await TestPlatform.StartAsync(database, sameDatabase))
        {
            using var response = await restarted.SendAsync(user, HttpMethod.Get, "/api/auth/me");
            afterRestart = response.StatusCode;
        }

        Assert.Multiple(() =>
        {
            Assert.That(atFirst.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(keys, Has.Count.EqualTo(1), "the key ring is in the platform database");
            Assert.That(keys.Single().Xml, Does.Contain("<key "));
            Assert.That(atSecond, Is.EqualTo(HttpStatusCode.OK), "another instance accepts the session");
            Assert.That(afterRestart, Is.EqualTo(HttpStatusCode.OK), "a restarted instance accepts it");
        });
    }
}
