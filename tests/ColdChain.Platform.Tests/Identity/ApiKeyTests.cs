using System.Net;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Identity;

[TestFixture]
[CancelAfter(60_000)]
public sealed class ApiKeyTests
{
    private TestPlatform _platform = null!;

    [OneTimeSetUp]
    public async Task StartPlatform() => _platform = await TestPlatform.StartAsync(Database.Sqlite);

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task A_key_is_shown_once_and_only_its_hash_is_stored()
    {
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);
        using var created = await _platform.SendAsync(admin, HttpMethod.Post, "/api/api-keys", new { name = "order platform", scopes = new[] { Scopes.ShipmentsWrite, Scopes.ReportsRead } });
        var body = await created.Content.ReadAsStringAsync();
        var key = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;

        var stored = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().ApiClients.AsNoTracking().SingleAsync(c => c.Name == "order platform"));
        using var listed = await _platform.SendAsync(admin, HttpMethod.Get, "/api/api-keys");
        var secret = key[(key.IndexOf('_', 4) + 1)..];

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(stored.SecretHash, Does.Not.Contain(secret));
            Assert.That(stored.Scopes, Is.EqualTo("reports:read shipments:write"));
            Assert.That(await listed.Content.ReadAsStringAsync(), Does.Not.Contain(secret));
        });
    }

    [Test]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var issued = await _platform.IssueKeyAsync([Scopes.ReadingsRead]);
        var caller = new Caller("key", r => r.Headers.Add(ApiKeys.Header, issued.Key));
        using var before = await _platform.SendAsync(caller, HttpMethod.Get, "/api/assets");
        var admin = await _platform.SignInAsNewAsync(Roles.Admin);

        using var revoke = await _platform.SendAsync(admin, HttpMethod.Delete, $"/api/api-keys/{issued.Client.Id}");
        using var after = await _platform.SendAsync(caller, HttpMethod.Get, "/api/assets");

        Assert.That((before.StatusCode, revoke.StatusCode, after.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.Unauthorized)));
    }

    [Test]
    public async Task An_expired_key_is_refused()
    {
        var issued = await _platform.IssueKeyAsync([Scopes.ReadingsRead], expiresAt: TimeProvider.System.GetUtcNow().AddMinutes(-1));

        using var response = await _platform.SendAsync(new Caller("key", r => r.Headers.Add(ApiKeys.Header, issued.Key)), HttpMethod.Get, "/api/assets");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_key_with_a_changed_secret_is_refused()
    {
        var issued = await _platform.IssueKeyAsync([Scopes.ReadingsRead]);
        var tampered = issued.Key[..^1] + (issued.Key[^1] == 'A' ? 'B' : 'A');

        using var response = await _platform.SendAsync(new Caller("key", r => r.Headers.Add(ApiKeys.Header, tampered)), HttpMethod.Get, "/api/assets");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Issuing_and_revoking_keys_is_audited()
    {
        var issued = await _platform.IssueKeyAsync([Scopes.AuditRead]);
        await _platform.InScopeAsync(s => s.GetRequiredService<ApiKeys>().RevokeAsync(issued.Client.Id, AuditActor.System, "test", CancellationToken.None));

        var actions = await _platform.InScopeAsync(s => s.GetRequiredService<PlatformDbContext>().AuditEntries.Where(a => a.EntityId == issued.Client.Id).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync());

        Assert.That(actions, Is.EqualTo(new[] { "api-key.create", "api-key.revoke" }));
    }
}
