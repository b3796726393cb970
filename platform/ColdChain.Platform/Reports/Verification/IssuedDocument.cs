using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ColdChain.Platform.Reports.Verification;

/// <summary>
/// A document the platform issued: its SHA-256, its signature and who generated it when. Rows are only added (kept at
/// least as long as the telemetry they summarise); verification looks the uploaded file's hash up here.
/// </summary>
public sealed class IssuedDocument
{
    public string VerificationId { get; set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>ECDSA P-256 signature (base64, IEEE P1363) by the platform's report key over <see cref="DocumentSigner.Statement"/>.</summary>
    public string Signature { get; set; } = string.Empty;

    public string Format { get; set; } = string.Empty;

    public string Language { get; set; } = string.Empty;

    public string ScopeKind { get; set; } = string.Empty;

    public string ScopeId { get; set; } = string.Empty;

    public DateTime From { get; set; }

    public DateTime To { get; set; }

    public DateTime GeneratedAt { get; set; }

    public string GeneratedBy { get; set; } = string.Empty;

    public long Size { get; set; }

    /// <summary><c>download</c> or <c>schedule</c>.</summary>
    public string Origin { get; set; } = string.Empty;
}

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocument>
{
    public void Configure(EntityTypeBuilder<IssuedDocument> e)
    {
        e.ToTable("IssuedDocuments");
        e.HasKey(d => d.VerificationId);
        e.Property(d => d.VerificationId).HasMaxLength(16);
        e.Property(d => d.Sha256).HasMaxLength(64);
        e.Property(d => d.Signature).HasMaxLength(200);
        e.Property(d => d.Format).HasMaxLength(8);
        e.Property(d => d.Language).HasMaxLength(8);
        e.Property(d => d.ScopeKind).HasMaxLength(16);
        e.Property(d => d.ScopeId).HasMaxLength(64);
        e.Property(d => d.GeneratedBy).HasMaxLength(256);
        e.Property(d => d.Origin).HasMaxLength(16);
        e.HasIndex(d => d.Sha256);
    }
}
