using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>
/// A shipment whose cumulative time out of range since the origin passed its profile's budget while in custody, and
/// the parties told. Keyed by the shipment: the database lets only one be recorded, however many platform instances
/// watch, so the notice goes out once.
/// </summary>
public sealed class TransitBudgetBreach
{
    public Guid ShipmentId { get; set; }

    public string OrderRef { get; set; } = string.Empty;

    public DateTime DetectedAt { get; set; }

    /// <summary>The open leg when it was detected.</summary>
    public int LegIndex { get; set; }

    public string Asset { get; set; } = string.Empty;

    public string Custodian { get; set; } = string.Empty;

    /// <summary>The parties notified, comma-separated.</summary>
    public string Parties { get; set; } = string.Empty;

    public TimeSpan CumulativeSinceOrigin { get; set; }

    public TimeSpan Budget { get; set; }
}

internal sealed class TransitBudgetBreachConfiguration : IEntityTypeConfiguration<TransitBudgetBreach>
{
    public void Configure(EntityTypeBuilder<TransitBudgetBreach> e)
    {
        e.ToTable("TransitBudgetBreaches");
        e.HasKey(b => b.ShipmentId);
        e.Property(b => b.OrderRef).HasMaxLength(128);
        e.Property(b => b.Asset).HasMaxLength(64);
        e.Property(b => b.Custodian).HasMaxLength(64);
        e.Property(b => b.Parties).HasMaxLength(200);
        e.HasOne<Shipment>().WithOne().HasForeignKey<TransitBudgetBreach>(b => b.ShipmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
