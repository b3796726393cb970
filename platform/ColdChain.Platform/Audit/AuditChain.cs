using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ColdChain.Platform.Audit;

/// <summary>The hash rule of the audit trail, shared by the writer and <c>audit verify</c>.</summary>
public static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>A fixed-order JSON array of every field but the hashes: the same entry always gives the same bytes.</summary>
    public static string Canonical(AuditEntry e) => JsonSerializer.Serialize(
        new[]
        {
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            e.ActorKind, e.Actor, e.Action, e.Entity, e.EntityId, e.OldValues, e.NewValues, e.Reason, e.SourceAddress,
        },
        AuditJson.Options);

    public static string ComputeHash(string previousHash, AuditEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + "\n" + Canonical(e))));

    /// <summary>Both databases keep milliseconds exactly; finer ticks would not survive PostgreSQL and break the hash.</summary>
    public static DateTime Truncate(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}
