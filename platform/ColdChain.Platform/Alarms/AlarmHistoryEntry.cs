using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Alarms;

/// <summary>One step in an alarm's life, who took it and when: the record an auditor reads to see who was told what.</summary>
public sealed class AlarmHistoryEntry
{
    public long Id { get; set; }

    public Guid AlarmId { get; set; }

    /// <summary>Arrival (platform) time, UTC.</summary>
    public DateTime At { get; set; }

    public AlarmHistoryKind Kind { get; set; }

    /// <summary><c>system</c>, or the user who acted.</summary>
    public string Actor { get; set; } = string.Empty;

    public string Detail { get; set; } = string.Empty;
}

[JsonConverter(typeof(SnakeCaseEnumConverter<AlarmHistoryKind>))]
public enum AlarmHistoryKind
{
    Raised,
    Notified,
    DeliveryFailed,
    Escalated,
    Acknowledged,
    Cleared,
}

internal sealed class AlarmHistoryEntryConfiguration : IEntityTypeConfiguration<AlarmHistoryEntry>
{
    public void Configure(EntityTypeBuilder<AlarmHistoryEntry> e)
    {
        e.ToTable("AlarmHistory");
        e.HasKey(h => h.Id);
        e.Property(h => h.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(h => h.Actor).HasMaxLength(200);
        e.Property(h => h.Detail).HasMaxLength(2000);
        e.HasOne<Alarm>().WithMany().HasForeignKey(h => h.AlarmId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(h => new { h.AlarmId, h.Id });
    }
}
