namespace ColdChain.Platform.Gateways;

/// <summary>A Pi gateway: its MQTT client id and user name are its id; it may publish only under its own site and id.</summary>
public sealed class Gateway
{
    public string Id { get; set; } = string.Empty;

    public string Site { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>mosquitto's own hash format (<c>$7$</c>, PBKDF2-SHA512), so the password file can be written from it; null until issued.</summary>
    public string? CredentialHash { get; set; }

    public DateTime? CredentialIssuedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool CanConnect => CredentialHash is not null && RevokedAt is null;
}
