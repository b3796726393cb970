using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// A late alarm change waiting for its gateway's backlog summary. Written in the same transaction as the change and
/// deleted in the same transaction as the summary is queued: a restart in between neither loses nor repeats it.
/// </summary>
public sealed class BacklogEntry
{
    public long Id { get; set; }

    public string Site { get; set; } = string.Empty;

    public string Gateway { get; set; } = string.Empty;

    public Guid AlarmId { get; set; }

    public string Asset { get; set; } = string.Empty;

    /// <summary>The summary's line for this change, e.g. <c>2026-11-25 08:07 UTC truck-7/t1 above range raised: …</c>.</summary>
    public string Line { get; set; } = string.Empty;

    public string Severity { get; set; } = string.Empty;

    /// <summary>When the platform learnt of it (UTC): the summary goes once a gateway's newest entry is old enough.</summary>
    public DateTime AddedAt { get; set; }
}

internal sealed class BacklogEntryConfiguration : IEntityTypeConfiguration<BacklogEntry>
{
    public void Configure(EntityTypeBuilder<BacklogEntry> e)
    {
        e.ToTable("AlarmBacklog");
        e.HasKey(b => b.Id);
        e.Property(b => b.Site).HasMaxLength(64);
        e.Property(b => b.Gateway).HasMaxLength(64);
        e.Property(b => b.Asset).HasMaxLength(64);
        e.Property(b => b.Line).HasMaxLength(1200);
        e.Property(b => b.Severity).HasMaxLength(16);
        e.HasIndex(b => new { b.Site, b.Gateway, b.AddedAt });
    }
}
