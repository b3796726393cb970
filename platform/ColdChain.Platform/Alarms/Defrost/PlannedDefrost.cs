using ColdChain.Ingest.Alarms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Alarms.Defrost;

/// <summary>
/// A daily planned defrost of an asset (a cold room's or a truck unit's evaporator), in its site's local time: during
/// the defrost and its recovery the upper-limit alarms are suppressed up to <see cref="MaxTemperature"/>, nothing else.
/// A compartment without a plan of its own follows its parent's.
/// </summary>
public sealed class PlannedDefrost
{
    public long Id { get; set; }

    public string Asset { get; set; } = string.Empty;

    /// <summary>Local time of day (the site's time zone) the defrost starts.</summary>
    public TimeOnly Start { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>After the heater stops, how long the temperature may take to come back into range.</summary>
    public TimeSpan Recovery { get; set; }

    /// <summary>The highest temperature the defrost may reach, °C: above it the alarm stands.</summary>
    public double MaxTemperature { get; set; }

    public DefrostWindow ToRule() => new(Start, Duration, Recovery, MaxTemperature);
}

internal sealed class PlannedDefrostConfiguration : IEntityTypeConfiguration<PlannedDefrost>
{
    public void Configure(EntityTypeBuilder<PlannedDefrost> e)
    {
        e.ToTable("PlannedDefrosts");
        e.HasKey(d => d.Id);
        e.Property(d => d.Asset).HasMaxLength(64);
        e.HasIndex(d => new { d.Asset, d.Start });
    }
}
