using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>Section <c>Notifications:Webhook</c>: a generic endpoint (an SMS or chat gateway) that receives signed alarm notices.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Notifications:Webhook";

    public Uri? Url { get; set; }

    /// <summary>The shared HMAC secret; at least 32 characters.</summary>
    [MinLength(32)]
    public string? Secret { get; set; }

    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
