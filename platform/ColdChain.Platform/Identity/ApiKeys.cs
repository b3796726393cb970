using System.Security.Cryptography;
using System.Text;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Issues, checks and revokes API keys. A key reads <c>cck_{id}_{secret}</c>: the id finds the row, the secret (256
/// random bits) is compared by its SHA-256 — a slow password hash buys nothing for a secret nobody can guess.
/// </summary>
public sealed class ApiKeys(PlatformDbContext db, AuditTrail audit, TimeProvider time)
{
    public const string Header = "X-Api-Key";
    private const string Prefix = "cck_";

    public sealed record Issued(ApiClient Client, string Key);

    public async Task<Issued> CreateAsync(string name, IEnumerable<string> scopes, DateTimeOffset? expiresAt, AuditActor actor, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{Prefix}{id}_{secret}";
        var client = new ApiClient
        {
            Id = id,
            Name = name,
            SecretHash = Hash(key),
            Scopes = string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            CreatedAt = AuditChain.Truncate(time.GetUtcNow()),
            ExpiresAt = expiresAt is { } e ? AuditChain.Truncate(e) : null,
        };
        db.ApiClients.Add(client);
        await audit.RecordAsync(db, actor, "api-key.create", "api-client", id, newValues: Describe(client), cancellationToken: cancellationToken);
        return new Issued(client, key);
    }

    public async Task<bool> RevokeAsync(string id, AuditActor actor, string? reason, CancellationToken cancellationToken)
    {
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return false;
        }

        var before = Describe(client);
        client.RevokedAt ??= AuditChain.Truncate(time.GetUtcNow());
        await audit.RecordAsync(db, actor, "api-key.revoke", "api-client", id, before, Describe(client), reason, cancellationToken);
        return true;
    }

    /// <summary>The client a presented key belongs to, if it is known, unrevoked and unexpired.</summary>
    public async Task<ApiClient?> FindUsableAsync(string presented, CancellationToken cancellationToken)
    {
        var cut = presented.StartsWith(Prefix, StringComparison.Ordinal) ? presented.IndexOf('_', Prefix.Length) : -1;
        if (cut < 0)
        {
            return null;
        }

        var id = presented[Prefix.Length..cut];
        var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(client.SecretHash), Encoding.ASCII.GetBytes(Hash(presented))))
        {
            return null;
        }

        return client.IsUsableAt(time.GetUtcNow()) ? client : null;
    }

    public static object Describe(ApiClient c) => new { c.Id, c.Name, c.Scopes, c.ExpiresAt, c.RevokedAt };

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
