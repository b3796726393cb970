using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Alarms.Escalation;

/// <summary>
/// One step of a site's stored escalation policy: level 0 is told when the alarm is raised (with the truck's driver
/// and the site's alarm contacts), level 1 (operators on duty) and level 2 (QA managers) when the previous step was
/// not acknowledged within <see cref="Delay"/>. A site without stored steps follows <c>Alarms:Escalation</c>.
/// </summary>
public sealed class EscalationStep
{
    public long Id { get; set; }

    public string Site { get; set; } = string.Empty;

    public int Level { get; set; }

    /// <summary>Since the previous step; zero for level 0.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>E-mail addresses of platform users.</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Roles whose enabled members working at the site are told.</summary>
    public List<string> Roles { get; set; } = [];
}

internal sealed class EscalationStepConfiguration : IEntityTypeConfiguration<EscalationStep>
{
    public void Configure(EntityTypeBuilder<EscalationStep> e)
    {
        e.ToTable("EscalationSteps");
        e.HasKey(s => s.Id);
        e.Property(s => s.Site).HasMaxLength(64);
        e.HasIndex(s => new { s.Site, s.Level }).IsUnique();
        e.HasOne<Registry.Site>().WithMany().HasForeignKey(s => s.Site).OnDelete(DeleteBehavior.Cascade);
        Json(e.Property(s => s.Recipients));
        Json(e.Property(s => s.Roles));
    }

    private static void Json(PropertyBuilder<List<string>> property) => property
        .HasConversion(l => JsonSerializer.Serialize(l, JsonSerializerOptions.Default), s => JsonSerializer.Deserialize<List<string>>(s, JsonSerializerOptions.Default) ?? new List<string>())
        .Metadata.SetValueComparer(new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), l => l.ToList()));
}
