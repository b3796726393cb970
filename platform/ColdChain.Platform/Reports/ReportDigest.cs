using System.Security.Cryptography;
using System.Text.Json;

namespace ColdChain.Platform.Reports;

/// <summary>
/// The SHA-256 printed in a PDF: over the report's data (scope, period, profile, every figure, excursion, gap and
/// certificate, in a canonical JSON form). A file cannot carry its own hash; the file's SHA-256 is what
/// <c>POST /api/reports/verify</c> checks, this one lets a reader tie the printed figures to the record.
/// </summary>
public static class ReportDigest
{
    public static string Compute(ComplianceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var canonical = new
        {
            report.Issue.VerificationId,
            Scope = new { report.Scope.Kind, report.Scope.Id, report.Scope.Site, report.Scope.Segments, report.Scope.Handovers },
            report.Profile,
            Assets = report.Assets.Select(a => new
            {
                a.Asset,
                a.From,
                a.To,
                Sensors = a.Sensors.Select(s => new { s.Sensor, s.Statistics, s.Gaps, s.Calibration, s.CalibrationOverdue }),
                a.MissingBatches,
                a.DoorOpenings,
                a.Excursions,
                a.OtherAlarms,
            }),
        };
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(canonical)));
    }
}
