namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>
/// One notice to one recipient (the order platform's webhook, or a party's people by e-mail), with every attempt
/// recorded. The delivery worker sends pending ones and retries failures with growing delays until MaxAttempts.
/// </summary>
public sealed class ShipmentDelivery
{
    public Guid Id { get; set; }

    public Guid CheckId { get; set; }

    public string OrderRef { get; set; } = string.Empty;

    /// <summary><c>webhook</c> or <c>email</c>.</summary>
    public string Channel { get; set; } = string.Empty;

    /// <summary>The URL or the party whose people are e-mailed.</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>The notice as JSON: the same bytes on every attempt.</summary>
    public string Payload { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Gave up after the last attempt; still recorded, never silently dropped.</summary>
    public bool Abandoned { get; set; }

    public string? LastDetail { get; set; }
}
