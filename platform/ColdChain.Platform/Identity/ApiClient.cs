namespace ColdChain.Platform.Identity;

/// <summary>A machine client (the order platform, an integration). Only the SHA-256 of its key is kept.</summary>
public sealed class ApiClient
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string SecretHash { get; set; } = string.Empty;

    /// <summary>Space-separated, e.g. <c>shipments:write reports:read</c>.</summary>
    public string Scopes { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt.Value > now.UtcDateTime);
}
