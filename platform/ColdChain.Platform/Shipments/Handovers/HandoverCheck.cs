namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// One handover check as issued: the canonical document (the verdict with all its evidence) and its SHA-256. The
/// document is never changed once written; signatures bind to its hash. A later check of the same handover (a backlog
/// landed) supersedes it: the old one is kept, marked with its successor.
/// </summary>
public sealed class HandoverCheck
{
    public Guid Id { get; set; }

    public Guid ShipmentId { get; set; }

    public string OrderRef { get; set; } = string.Empty;

    /// <summary>The index of the custody leg this handover ends.</summary>
    public int LegIndex { get; set; }

    public DateTime HandoverAt { get; set; }

    public string FromParty { get; set; } = string.Empty;

    public string ToParty { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    /// <summary>The asset the goods go into; the next custody leg opens there once both parties signed (null for a delivery).</summary>
    public string? NextAsset { get; set; }

    public string Verdict { get; set; } = string.Empty;

    public DateTime CheckedAt { get; set; }

    public string CheckedBy { get; set; } = string.Empty;

    /// <summary>Canonical JSON: the exact bytes the hash and the signatures are bound to.</summary>
    public string Document { get; set; } = string.Empty;

    public string DocumentSha256 { get; set; } = string.Empty;

    public Guid? Supersedes { get; set; }

    public Guid? SupersededBy { get; set; }

    /// <summary>Both parties signed: the handover is complete and immutable.</summary>
    public DateTime? CompletedAt { get; set; }
}

/// <summary>
/// An electronic signature (Part 11 §11.50, §11.70): printed name, time and meaning, bound to the SHA-256 of the
/// document signed. <see cref="Binding"/> = SHA-256 over (document hash, user id, meaning, comment, time): change any and it no longer matches.
/// </summary>
public sealed class HandoverSignature
{
    public Guid Id { get; set; }

    public Guid CheckId { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string PrintedName { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string Party { get; set; } = string.Empty;

    public string Meaning { get; set; } = string.Empty;

    public string? Comment { get; set; }

    public DateTime SignedAt { get; set; }

    public string DocumentSha256 { get; set; } = string.Empty;

    public string Binding { get; set; } = string.Empty;
}

public static class SignatureMeanings
{
    public const string HandedOver = "handed-over";
    public const string Received = "received";
    public const string ReceivedWithReservation = "received-with-reservation";

    public static IReadOnlyList<string> All { get; } = [HandedOver, Received, ReceivedWithReservation];
}

public static class HandoverTypes
{
    public static IReadOnlyList<string> All { get; } = ["inbound", "outbound", "delivery"];
}
