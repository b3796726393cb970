using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Alarms;

internal sealed class AlarmConfiguration : IEntityTypeConfiguration<Alarm>
{
    public void Configure(EntityTypeBuilder<Alarm> e)
    {
        e.ToTable("Alarms");
        e.HasKey(a => a.Id);
        e.Property(a => a.Site).HasMaxLength(64);
        e.Property(a => a.Asset).HasMaxLength(64);
        e.Property(a => a.Gateway).HasMaxLength(64);
        e.Property(a => a.Source).HasMaxLength(64);
        e.Property(a => a.Condition).HasMaxLength(48);
        e.Property(a => a.Severity).HasMaxLength(16);
        e.Property(a => a.State).HasConversion<string>().HasMaxLength(16);
        e.Property(a => a.Reason).HasMaxLength(1000);
        e.Property(a => a.AcknowledgedBy).HasMaxLength(64);
        e.Property(a => a.AcknowledgedByName).HasMaxLength(200);
        e.Property(a => a.AcknowledgementComment).HasMaxLength(2000);
        e.HasIndex(a => new { a.Asset, a.StartedAt });
        e.Property(a => a.Version).IsConcurrencyToken();
        e.HasIndex(a => a.State);
        e.HasIndex(a => new { a.Source, a.Condition, a.EndedAt });
    }
}
