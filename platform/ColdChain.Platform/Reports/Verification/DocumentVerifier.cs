using System.Security.Cryptography;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Reports.Verification;

/// <summary>Answers whether a file is a document the platform issued, unchanged: its SHA-256 is on record and the record's signature holds.</summary>
public sealed class DocumentVerifier(PlatformDbContext db, DocumentSigner signer)
{
    public sealed record Verdict(
        bool Genuine,
        string Sha256,
        string Reason,
        string? VerificationId = null,
        string? GeneratedBy = null,
        DateTimeOffset? GeneratedAt = null,
        string? Format = null,
        string? Scope = null,
        DateTimeOffset? From = null,
        DateTimeOffset? To = null,
        string? Signature = null,
        string? PublicKey = null);

    private const int Head = 1 << 20, Tail = 1 << 16;

    /// <summary>Hashes the upload as it streams; keeps only its head and tail, where a document names its verification id.</summary>
    public async Task<Verdict> VerifyAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new MemoryStream();
        var tail = new byte[Tail];
        long total = 0;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            if (head.Length < Head)
            {
                head.Write(buffer.AsSpan(0, (int)Math.Min(read, Head - head.Length)));
            }

            for (var i = 0; i < read; i++)
            {
                tail[(total + i) % Tail] = buffer[i];
            }

            total += read;
        }

        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        var ordered = total <= Tail ? tail[..(int)total] : [.. tail[(int)(total % Tail)..], .. tail[..(int)(total % Tail)]];
        return await VerifyAsync(hash, [.. head.ToArray(), .. ordered], cancellationToken);
    }

    private async Task<Verdict> VerifyAsync(string hash, byte[] content, CancellationToken cancellationToken)
    {
        var document = await db.Set<IssuedDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.Sha256 == hash, cancellationToken);
        if (document is null)
        {
            var claimed = VerificationIds.FindClaimed(content);
            var original = claimed is null ? null : await db.Set<IssuedDocument>().AsNoTracking().FirstOrDefaultAsync(d => d.VerificationId == claimed, cancellationToken);
            return original is null
                ? new Verdict(false, hash, "the platform never issued a document with this content")
                : new Verdict(false, hash, $"this file claims to be document {original.VerificationId}, but its content differs from the document issued: it was changed", original.VerificationId,
                    original.GeneratedBy, Utc(original.GeneratedAt), original.Format, $"{original.ScopeKind} {original.ScopeId}", Utc(original.From), Utc(original.To));
        }

        var signed = signer.Verify(document);
        return new Verdict(
            signed,
            hash,
            signed ? "issued by this platform and unchanged" : "the hash is on record but its signature does not hold: the record was not written by this platform",
            document.VerificationId, document.GeneratedBy, Utc(document.GeneratedAt), document.Format, $"{document.ScopeKind} {document.ScopeId}",
            Utc(document.From), Utc(document.To), document.Signature, signer.PublicKeyPem);
    }

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));
}
