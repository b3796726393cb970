using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Identity;

/// <summary>Sign-in and rate limits (section <c>Security</c>); the defaults follow the platform-core issue.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    [Range(1, 100)]
    public int LockoutAfterFailures { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Part 11 §11.200: an idle session ends; signing in again needs both user id and password.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Login and password-strength requests per client address per window.</summary>
    [Range(1, 100_000)]
    public int LoginRequestsPerWindow { get; set; } = 10;

    /// <summary>API requests per caller (user, API key or address) per window.</summary>
    [Range(1, 1_000_000)]
    public int ApiRequestsPerWindow { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
