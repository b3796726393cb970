using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Shipments;

/// <summary>
/// Section <c>Shipments</c>: how handover checks judge the data, and where breach notices go. Their deliveries go
/// through the alarm notification queue (its retry settings are <c>Alarms:MaxDeliveryAttempts</c>, <c>Alarms:DeliveryRetryDelay</c>).
/// </summary>
public sealed class ShipmentsOptions
{
    public const string Section = "Shipments";

    /// <summary>Below this share of expected readings in a leg, a sensor's record cannot support a verdict.</summary>
    [Range(0, 100)]
    public double MinimumCoveragePercent { get; set; } = 95;

    /// <summary>How far in the future a handover time may lie (clock error of the caller).</summary>
    public TimeSpan ClockTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The order platform's endpoint for breach notices, HMAC-signed like the alarm webhook; none: no webhook.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The shared HMAC secret for <see cref="WebhookUrl"/>; at least 32 characters.</summary>
    [MinLength(32)]
    public string? WebhookSecret { get; set; }

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Legs whose readings a platform instance keeps between checks (<see cref="Handovers.LegReadingsCache"/>), the
    /// least recently used dropped first: about 280 KB for 48 h at one reading a minute from 4 sensors. 0: none kept.
    /// </summary>
    [Range(0, 1_000_000)]
    public int CachedLegs { get; set; } = 1000;

    /// <summary>How often shipments in custody are checked for a budget used up in transit (EU GDP §9.2 notice).</summary>
    public TimeSpan TransitWatchInterval { get; set; } = TimeSpan.FromMinutes(1);
}
