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
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(actor);
        var issue = NewIssue(actor, language);
        var context = await builder.ContextAsync(scope, profile, issue, cancellationToken);
        var subject = new IssuedSubject(format, scope.Kind.ToString().ToLowerInvariant(), scope.Id, scope.From, scope.To, profile.Id);
        return await IssueAsync(issue, subject, actor, origin, async (file, ct) =>
        {
            switch (format)
            {
                case ReportFormat.Csv:
                    await ReportCsv.WriteAsync(context, store, file, ct);
                    break;
                case ReportFormat.Pdf:
                    ReportPdf.Render(await builder.BuildAsync(context, ct), file);
                    break;
                default:
                    await ReportEpcis.WriteAsync(await builder.BuildAsync(context, ct), file, ct);
                    break;
            }
        }, cancellationToken);
    }

    /// <summary>A fresh verification id, the generation time and who asked, for a document about to be rendered.</summary>
    public ReportIssue NewIssue(AuditActor actor, string language)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new ReportIssue(VerificationIds.New(), AuditChain.Truncate(time.GetUtcNow()), actor.Name, language);
    }

    /// <summary>Renders any document (a report, a handover receipt) into a temporary file, then hashes, signs and records it.</summary>
    public async Task<(Stream Content, IssuedDocument Document)> IssueAsync(
        ReportIssue issue, IssuedSubject subject, AuditActor actor, string origin, Func<Stream, CancellationToken, Task> render, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(render);
        var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await render(file, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            var document = new IssuedDocument
            {
                VerificationId = issue.VerificationId,
                Sha256 = hash,
                Format = subject.Format.WireName(),
                Language = issue.Language,
                ScopeKind = subject.ScopeKind,
                ScopeId = subject.ScopeId,
                From = subject.From.UtcDateTime,
                To = subject.To.UtcDateTime,
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
                document.Sha256, document.Size, document.Origin, subject.Profile,
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

/// <summary>What an issued document is about: its format, scope and period, and the profile it was judged against (if any).</summary>
public sealed record IssuedSubject(ReportFormat Format, string ScopeKind, string ScopeId, DateTimeOffset From, DateTimeOffset To, string? Profile);
