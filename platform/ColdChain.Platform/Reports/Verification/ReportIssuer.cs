using System.Security.Cryptography;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Reports.Building;
using ColdChain.Platform.Reports.Csv;
using ColdChain.Platform.Reports.Epcis;
using ColdChain.Platform.Reports.Pdf;

namespace ColdChain.Platform.Reports.Verification;

/// <summary>
/// Renders a report into a temporary file, hashes and signs it, and records it (issued-documents table and audit
/// trail, in one save) before a byte leaves: every document handed out can be verified and is in the audit trail.
/// </summary>
public sealed class ReportIssuer(PlatformDbContext db, ComplianceReportBuilder builder, ITelemetryStore store, DocumentSigner signer, AuditTrail audit, TimeProvider time)
{
    /// <returns>The document's bytes (a temporary file, deleted when the stream is disposed) and its record.</returns>
    public async Task<(Stream Content, IssuedDocument Document)> IssueAsync(
        ReportScope scope, TemperatureProfile profile, ReportFormat format, string language, AuditActor actor, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(actor);
        var issue = new ReportIssue(VerificationIds.New(), AuditChain.Truncate(time.GetUtcNow()), actor.Name, language);
        var context = await builder.ContextAsync(scope, profile, issue, cancellationToken);
        var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            switch (format)
            {
                case ReportFormat.Csv:
                    await ReportCsv.WriteAsync(context, store, file, cancellationToken);
                    break;
                case ReportFormat.Pdf:
                    ReportPdf.Render(await builder.BuildAsync(context, cancellationToken), file);
                    break;
                default:
                    await ReportEpcis.WriteAsync(await builder.BuildAsync(context, cancellationToken), file, cancellationToken);
                    break;
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            var document = new IssuedDocument
            {
                VerificationId = issue.VerificationId,
                Sha256 = hash,
                Format = format.WireName(),
                Language = language,
                ScopeKind = scope.Kind.ToString().ToLowerInvariant(),
                ScopeId = scope.Id,
                From = scope.From.UtcDateTime,
                To = scope.To.UtcDateTime,
                GeneratedAt = issue.GeneratedAt.UtcDateTime,
                GeneratedBy = actor.Name,
                Size = file.Length,
                Origin = origin,
            };
            document.Signature = signer.Sign(document);
            db.Add(document);
            await audit.RecordAsync(db, actor, "report.issue", "report", document.VerificationId, newValues: new
            {
                document.Format, document.Language, document.ScopeKind, document.ScopeId, document.From, document.To,
                document.Sha256, document.Size, document.Origin, Profile = profile.Id,
            }, cancellationToken: cancellationToken);
            file.Position = 0;
            return (file, document);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
