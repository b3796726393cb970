namespace ColdChain.Platform.Identity;

/// <summary>What an API key may do. A key carries a subset; policies accept a role or a scope.</summary>
public static class Scopes
{
    public const string ClaimType = "scope";

    public const string ShipmentsWrite = "shipments:write";
    public const string ReportsRead = "reports:read";
    public const string ReadingsRead = "readings:read";
    public const string RegistryRead = "registry:read";
    public const string AuditRead = "audit:read";

    public static IReadOnlyList<string> All { get; } = [ShipmentsWrite, ReportsRead, ReadingsRead, RegistryRead, AuditRead];
}
