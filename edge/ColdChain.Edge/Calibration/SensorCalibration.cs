namespace ColdChain.Edge.Calibration;

/// <summary>
/// A sensor's calibration from its certificate: an offset, or a two-point line through (raw₁ → reference₁) and
/// (raw₂ → reference₂). It lives in the gateway config, not in a setting a user can nudge on the device (GSP: no
/// user-adjustable offsets), and its certificate id and date travel in every status (<c>health.calibrations</c>) and in the <c>config_applied</c> event.
/// </summary>
internal sealed record SensorCalibration
{
    public double? Offset { get; init; }

    /// <summary>Two points of the certificate: what the sensor read and what the reference read.</summary>
    public CalibrationPoint? Low { get; init; }

    public CalibrationPoint? High { get; init; }

    public string? CertificateId { get; init; }

    public DateOnly? CalibratedOn { get; init; }

    public CalibrationMethod Method => Low is not null && High is not null ? CalibrationMethod.TwoPoint : CalibrationMethod.Offset;

    public double Apply(double raw)
    {
        if (Low is { } low && High is { } high)
        {
            var slope = (high.Reference - low.Reference) / (high.Raw - low.Raw);
            return low.Reference + ((raw - low.Raw) * slope);
        }

        return raw + (Offset ?? 0);
    }

    /// <summary>Why this calibration cannot be used, or null.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(CertificateId))
        {
            return "has no CertificateId: a calibration without its certificate cannot be audited";
        }

        if (CalibratedOn is null)
        {
            return "has no CalibratedOn date";
        }

        if ((Low is null) != (High is null))
        {
            return "a two-point calibration needs both Low and High";
        }

        if (Low is { } low && High is { } high && Math.Abs(high.Raw - low.Raw) < 0.1)
        {
            return "the two points' raw values must differ by at least 0.1";
        }

        if (Low is not null && Offset is not null)
        {
            return "give either Offset or the two points, not both";
        }

        if (Low is null && Offset is null)
        {
            return "gives neither Offset nor Low/High";
        }

        return null;
    }
}

internal sealed record CalibrationPoint(double Raw, double Reference);

internal enum CalibrationMethod
{
    Offset,
    TwoPoint,
}
