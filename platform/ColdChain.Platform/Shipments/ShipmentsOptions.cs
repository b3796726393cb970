using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Shipments;

/// <summary>Section <c>Shipments</c>: how handover checks judge the data, and where breach notices go.</summary>
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

    /// <summary>Attempts per delivery before it is recorded as abandoned.</summary>
    [Range(1, 50)]
    public int MaxDeliveryAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubled after every failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the delivery worker looks for pending notices.</summary>
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
