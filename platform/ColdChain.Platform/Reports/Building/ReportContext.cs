using ColdChain.Platform.Sensors;

namespace ColdChain.Platform.Reports.Building;

/// <summary>The registry facts a report needs, read once before the readings stream: site, zone, assets, certificates.</summary>
public sealed record ReportContext(
    ReportScope Scope,
    string SiteName,
    TimeZoneInfo TimeZone,
    ReportProfile Profile,
    ReportIssue Issue,
    IReadOnlyDictionary<string, string> AssetNames,
    IReadOnlyDictionary<string, string> AssetSites,
    IReadOnlyDictionary<string, IReadOnlyList<CalibrationCertificate>> Certificates)
{
    /// <summary>The certificate in force at <paramref name="at"/>: the latest calibrated on or before it and not yet due.</summary>
    public CalibrationCertificate? CertificateAt(string sensor, DateTimeOffset at)
    {
        if (!Certificates.TryGetValue(sensor, out var certificates))
        {
            return null;
        }

        var instant = at.UtcDateTime;
        CalibrationCertificate? inForce = null;
        foreach (var certificate in certificates)
        {
            if (certificate.CalibratedOn <= instant && certificate.DueOn > instant && (inForce is null || certificate.CalibratedOn > inForce.CalibratedOn))
            {
                inForce = certificate;
            }
        }

        return inForce;
    }
}
