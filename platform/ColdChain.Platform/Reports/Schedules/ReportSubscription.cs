using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Reports.Schedules;

/// <summary>
/// A report sent by e-mail after every period (a site's or an asset's log, daily, weekly or monthly, at a local time
/// of the site). <see cref="PeriodFrom"/>–<see cref="PeriodTo"/> is the next period to send, due at <see cref="DueAt"/>;
/// a failed send keeps the period, counts <see cref="Attempts"/> and waits until <see cref="NextTryAt"/>.
/// </summary>
public sealed class ReportSubscription
{
    public Guid Id { get; set; }

    /// <summary><c>site</c> or <c>asset</c>.</summary>
    public string ScopeKind { get; set; } = string.Empty;

    public string ScopeId { get; set; } = string.Empty;

    /// <summary>The site whose time zone the periods and the send time follow.</summary>
    public string Site { get; set; } = string.Empty;

    /// <summary><see cref="ReportPeriods.Daily"/>, <see cref="ReportPeriods.Weekly"/> or <see cref="ReportPeriods.Monthly"/>.</summary>
    public string Period { get; set; } = string.Empty;

    public string Format { get; set; } = string.Empty;

    public string Language { get; set; } = string.Empty;

    public string Profile { get; set; } = string.Empty;

    /// <summary>E-mail addresses, comma-separated.</summary>
    public string Recipients { get; set; } = string.Empty;

    /// <summary>Local time of day (site zone) at which a finished period is sent.</summary>
    public TimeOnly SendAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime PeriodFrom { get; set; }

    public DateTime PeriodTo { get; set; }

    public DateTime DueAt { get; set; }

    /// <summary>Failed attempts at sending the pending period.</summary>
    public int Attempts { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTime? NextTryAt { get; set; }

    public DateTime? LastSentAt { get; set; }

    public string? LastVerificationId { get; set; }

    /// <summary>The platform instance sending the pending period now, so that no other replica sends it too.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the claim holds: an instance that died mid-send leaves it to another after that.</summary>
    public DateTime? ClaimedUntil { get; set; }

    /// <summary>When the worker next looks at it: the retry time after a failure, else the due time.</summary>
    public DateTime NextRunAt => NextTryAt ?? DueAt;
}

internal sealed class ReportSubscriptionConfiguration : IEntityTypeConfiguration<ReportSubscription>
{
    public void Configure(EntityTypeBuilder<ReportSubscription> e)
    {
        e.ToTable("ReportSubscriptions");
        e.HasKey(s => s.Id);
        e.Property(s => s.ScopeKind).HasMaxLength(16);
        e.Property(s => s.ScopeId).HasMaxLength(64);
        e.Property(s => s.Site).HasMaxLength(64);
        e.Property(s => s.Period).HasMaxLength(16);
        e.Property(s => s.Format).HasMaxLength(8);
        e.Property(s => s.Language).HasMaxLength(8);
        e.Property(s => s.Profile).HasMaxLength(64);
        e.Property(s => s.Recipients).HasMaxLength(4000);
        e.Property(s => s.CreatedBy).HasMaxLength(256);
        e.Property(s => s.LastError).HasMaxLength(1000);
        e.Property(s => s.LastVerificationId).HasMaxLength(16);
        e.Property(s => s.ClaimedBy).HasMaxLength(256);
        e.Ignore(s => s.NextRunAt);
        e.HasIndex(s => s.DueAt);
    }
}
