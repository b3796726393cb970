using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Gateways;

/// <summary>
/// The desired config of a gateway (the edge's gateway config document, firmware-config/gateway-config.schema.json),
/// published retained on its <c>config</c> topic. Kept whole so that a calibration certificate can change one sensor's
/// correction and publish the next version; broker settings are never stored (the gateway ignores them remotely).
/// </summary>
public sealed class GatewayConfig
{
    public string Gateway { get; set; } = string.Empty;

    public long Version { get; set; }

    /// <summary>The JSON document as published.</summary>
    public string Document { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the broker last accepted this version; null if publishing failed (retried at the next change or PUT).</summary>
    public DateTime? PublishedAt { get; set; }
}

public sealed class GatewayConfigConfiguration : IEntityTypeConfiguration<GatewayConfig>
{
    public void Configure(EntityTypeBuilder<GatewayConfig> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("GatewayConfigs");
        builder.HasKey(c => c.Gateway);
        builder.Property(c => c.Gateway).HasMaxLength(64);
        builder.HasOne<Gateway>().WithOne().HasForeignKey<GatewayConfig>(c => c.Gateway).OnDelete(DeleteBehavior.Cascade);
    }
}
