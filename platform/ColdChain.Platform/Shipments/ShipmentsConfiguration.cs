using System.Text.Json;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Parties;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Shipments;

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> e)
    {
        e.ToTable("Shipments");
        e.HasKey(s => s.Id);
        e.Property(s => s.OrderRef).HasMaxLength(128);
        e.HasIndex(s => s.OrderRef).IsUnique();
        e.Property(s => s.Product).HasMaxLength(500);
        e.Property(s => s.Profile).HasMaxLength(64);
        e.Property(s => s.Sscc).HasMaxLength(18);
        e.Property(s => s.Lots).HasMaxLength(1000);
        e.Property(s => s.RegisteredBy).HasMaxLength(200);
        e.Property(s => s.Version).IsConcurrencyToken();
        e.HasMany(s => s.Legs).WithOne().HasForeignKey(l => l.ShipmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CustodyLegConfiguration : IEntityTypeConfiguration<CustodyLeg>
{
    public void Configure(EntityTypeBuilder<CustodyLeg> e)
    {
        e.ToTable("CustodyLegs");
        e.HasKey(l => l.Id);
        e.Property(l => l.Asset).HasMaxLength(64);
        e.Property(l => l.Party).HasMaxLength(64);
        e.HasIndex(l => new { l.ShipmentId, l.Index }).IsUnique();
    }
}

internal sealed class CustodyPartyConfiguration : IEntityTypeConfiguration<CustodyParty>
{
    public void Configure(EntityTypeBuilder<CustodyParty> e)
    {
        e.ToTable("CustodyParties");
        e.HasKey(p => p.Id);
        e.Property(p => p.Id).HasMaxLength(64);
        e.Property(p => p.Name).HasMaxLength(200);
        var comparer = new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), l => l.ToList());
        e.Property(p => p.NotifyEmails)
            .HasConversion(l => JsonSerializer.Serialize(l, JsonSerializerOptions.Default), s => JsonSerializer.Deserialize<List<string>>(s, JsonSerializerOptions.Default) ?? new List<string>())
            .HasMaxLength(2000)
            .Metadata.SetValueComparer(comparer);
    }
}

internal sealed class PartyMemberConfiguration : IEntityTypeConfiguration<PartyMember>
{
    public void Configure(EntityTypeBuilder<PartyMember> e)
    {
        e.ToTable("PartyMembers");
        e.HasKey(m => new { m.Party, m.UserId });
        e.Property(m => m.Party).HasMaxLength(64);
        e.HasOne<CustodyParty>().WithMany().HasForeignKey(m => m.Party).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(m => m.UserId);
    }
}

internal sealed class HandoverCheckConfiguration : IEntityTypeConfiguration<HandoverCheck>
{
    public void Configure(EntityTypeBuilder<HandoverCheck> e)
    {
        e.ToTable("HandoverChecks");
        e.HasKey(c => c.Id);
        e.Property(c => c.OrderRef).HasMaxLength(128);
        e.Property(c => c.FromParty).HasMaxLength(64);
        e.Property(c => c.ToParty).HasMaxLength(64);
        e.Property(c => c.Type).HasMaxLength(16);
        e.Property(c => c.NextAsset).HasMaxLength(64);
        e.Property(c => c.Verdict).HasMaxLength(16);
        e.Property(c => c.CheckedBy).HasMaxLength(200);
        e.Property(c => c.DocumentSha256).HasMaxLength(64);
        e.HasOne<Shipment>().WithMany().HasForeignKey(c => c.ShipmentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => new { c.ShipmentId, c.LegIndex });
        // A check is superseded by one successor at most: two racing re-checks cannot both supersede it.
        e.HasIndex(c => c.Supersedes).IsUnique();
    }
}

internal sealed class HandoverSignatureConfiguration : IEntityTypeConfiguration<HandoverSignature>
{
    public void Configure(EntityTypeBuilder<HandoverSignature> e)
    {
        e.ToTable("HandoverSignatures");
        e.HasKey(s => s.Id);
        e.Property(s => s.UserId).HasMaxLength(64);
        e.Property(s => s.PrintedName).HasMaxLength(200);
        e.Property(s => s.Email).HasMaxLength(256);
        e.Property(s => s.Party).HasMaxLength(64);
        e.Property(s => s.Meaning).HasMaxLength(32);
        e.Property(s => s.Comment).HasMaxLength(2000);
        e.Property(s => s.DocumentSha256).HasMaxLength(64);
        e.Property(s => s.Binding).HasMaxLength(64);
        e.HasOne<HandoverCheck>().WithMany().HasForeignKey(s => s.CheckId).OnDelete(DeleteBehavior.Restrict);
        // One signature per person per check: the database refuses a second even if two requests race.
        e.HasIndex(s => new { s.CheckId, s.UserId }).IsUnique();
    }
}
