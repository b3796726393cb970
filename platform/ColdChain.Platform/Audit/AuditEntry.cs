namespace ColdChain.Platform.Audit;

/// <summary>
/// One row of the append-only audit trail (Part 11 §11.10(e)). <see cref="Hash"/> = SHA-256(previous hash ‖ canonical
/// entry), so editing, deleting or inserting a row behind the application's back breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }

    /// <summary>UTC, whole milliseconds (both databases keep that exactly, so the hash survives the round trip).</summary>
    public DateTime Time { get; set; }

    /// <summary><c>user</c>, <c>api-client</c> or <c>system</c>.</summary>
    public string ActorKind { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string Entity { get; set; } = string.Empty;

    public string EntityId { get; set; } = string.Empty;

    /// <summary>JSON of the values before the change, or null for a creation or an event.</summary>
    public string? OldValues { get; set; }

    public string? NewValues { get; set; }

    public string? Reason { get; set; }

    public string? SourceAddress { get; set; }

    public string PreviousHash { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;
}
