using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Reports.Schedules;

/// <summary>Section <c>Reports:Schedules</c>: how often the worker looks for due reports and how it retries a failed send.</summary>
public sealed class ReportSchedulesOptions
{
    public const string Section = "Reports:Schedules";

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay after the first failed send; it doubles with each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an instance's claim on a due report holds while it issues and mails it. Longer than a send takes; an
    /// instance that dies mid-send delays that report by at most this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(15);
}
