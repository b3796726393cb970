using System.Text.Json;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Gateways;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Sensors;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ColdChain.Platform.Data;

/// <summary>
/// The platform database: Identity (users, roles), API clients, the registry and the audit trail. Column types are
/// left to the provider so that one set of migrations serves SQLite and PostgreSQL.
/// </summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options) : IdentityDbContext<PlatformUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    /// <summary>The key ring that protects session cookies and antiforgery tokens: shared by every platform instance, kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<Asset> Assets => Set<Asset>();

    public DbSet<Gateway> Gateways => Set<Gateway>();

    public DbSet<TemperatureProfile> TemperatureProfiles => Set<TemperatureProfile>();

    public DbSet<Sensor> Sensors => Set<Sensor>();

    public DbSet<CalibrationCertificate> CalibrationCertificates => Set<CalibrationCertificate>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Features (alarms, shipments, reports, …) keep their mapping beside their entities.
        builder.ApplyConfigurationsFromAssembly(typeof(PlatformDbContext).Assembly);

        builder.Entity<ApiClient>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(32);
            e.Property(c => c.Name).HasMaxLength(128);
            e.Property(c => c.SecretHash).HasMaxLength(64);
            e.Property(c => c.Scopes).HasMaxLength(512);
        });

        builder.Entity<AuditEntry>(e =>
        {
            // The application numbers entries itself: the number is part of the hashed content.
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.Property(a => a.Hash).HasMaxLength(64);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.HasIndex(a => a.Time);
            e.HasIndex(a => new { a.Entity, a.EntityId });
        });

        builder.Entity<Site>(e =>
        {
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasMaxLength(64);
            e.Property(s => s.TimeZone).HasMaxLength(64);
            var contacts = new ValueComparer<List<string>>((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))), l => l.ToList());
            e.Property(s => s.AlarmContacts)
                .HasConversion(l => JsonSerializer.Serialize(l, JsonSerializerOptions.Default), s => JsonSerializer.Deserialize<List<string>>(s, JsonSerializerOptions.Default) ?? new List<string>())
                .Metadata.SetValueComparer(contacts);
        });

        builder.Entity<Sensor>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Asset).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.HasOne<Asset>().WithMany().HasForeignKey(x => x.Asset).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CalibrationCertificate>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.Sensor).HasMaxLength(64);
            e.HasOne<Sensor>().WithMany().HasForeignKey(x => x.Sensor).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Sensor, x.CalibratedOn });
        });

        builder.Entity<TemperatureProfile>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Source).HasMaxLength(1000);
        });

        builder.Entity<Gateway>(e =>
        {
            e.HasKey(g => g.Id);
            e.Property(g => g.Id).HasMaxLength(64);
            e.Property(g => g.Site).HasMaxLength(64);
            e.Property(g => g.CredentialHash).HasMaxLength(200);
            e.HasOne<Site>().WithMany().HasForeignKey(g => g.Site).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Asset>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).HasMaxLength(64);
            e.Property(a => a.Site).HasMaxLength(64);
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
            e.HasOne<Site>().WithMany().HasForeignKey(a => a.Site).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Asset>().WithMany().HasForeignKey(a => a.Parent).OnDelete(DeleteBehavior.Restrict);
            // Checked by the assets API rather than a foreign key: adding one to an existing SQLite table rebuilds it
            // outside a transaction, and profiles are never deleted.
            e.Property(a => a.Profile).HasMaxLength(64);
            e.HasOne<PlatformUser>().WithMany().HasForeignKey(a => a.AssignedDriverId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(a => a.AssignedDriverId);
        });
    }
}
