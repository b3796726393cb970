using ColdChain.Platform.Reports.Text;

namespace ColdChain.Platform.Reports;

/// <summary>
/// Everything the PDF and EPCIS renderings show, computed in one streamed pass over the raw readings: per-sensor
/// statistics over every reading, excursions with their alarms, gaps, door openings, calibration and a chart series
/// reduced to a min/max envelope per time bucket (extremes kept, gaps kept). The CSV streams the raw readings instead.
/// </summary>
public sealed record ComplianceReport
{
    public required ReportScope Scope { get; init; }

    public required string SiteName { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required ReportProfile Profile { get; init; }

    public required ReportIssue Issue { get; init; }

    public required IReadOnlyList<AssetSection> Assets { get; init; }

    public ReportText Text => ReportText.For(Issue.Language);

    public DateTimeOffset From => Scope.From;

    public DateTimeOffset To => Scope.To;
}

/// <summary>Who asked for the document, when, in which language, and the id it is verified by.</summary>
public sealed record ReportIssue(string VerificationId, DateTimeOffset GeneratedAt, string GeneratedBy, string Language);

public sealed record ReportProfile(string Id, string Name, double? Min, double? Max, double WarningBand)
{
    public bool IsOutOfRange(double celsius) => celsius < (Min ?? double.NegativeInfinity) || celsius > (Max ?? double.PositiveInfinity);
}

public sealed record AssetSection(
    string Asset,
    string Name,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<SensorSection> Sensors,
    IReadOnlyList<ReportGap> MissingBatches,
    IReadOnlyList<TimeWindow> DoorOpenings,
    IReadOnlyList<ReportExcursion> Excursions,
    IReadOnlyList<ReportAlarm> OtherAlarms)
{
    /// <summary>The asset's planned defrosts (with recovery) in the period, clipped to it: shaded on the chart, not part of the digest.</summary>
    public IReadOnlyList<TimeWindow> PlannedDefrost { get; init; } = [];
}

public sealed record SensorSection(string Sensor, SensorStatistics Statistics, IReadOnlyList<ReportGap> Gaps, IReadOnlyList<IReadOnlyList<ChartPoint>> ChartRuns, ReportCalibration? Calibration, bool CalibrationOverdue);

/// <param name="Count">Valid temperature readings (faults excluded).</param>
/// <param name="NominalInterval">The sensor's usual recording interval (median of its first intervals): a silence longer than twice it is a gap.</param>
public sealed record SensorStatistics(long Count, long Faults, double? Min, double? Max, double? Mean, double? Mkt, TimeSpan OutOfRange, TimeSpan Covered, double CoveragePercent, TimeSpan NominalInterval);

/// <summary>Data missing between <see cref="From"/> and <see cref="To"/>; <see cref="MissingBatches"/> &gt; 0 when the sequence ledger knows batches never arrived.</summary>
public sealed record ReportGap(string Source, DateTimeOffset From, DateTimeOffset To, long MissingBatches = 0)
{
    public TimeSpan Duration => To - From;
}

public sealed record TimeWindow(DateTimeOffset From, DateTimeOffset To);

public sealed record ChartPoint(DateTimeOffset At, double Celsius);

/// <summary>A run of out-of-range readings of one sensor: from the first out-of-range reading to the first one back in range.</summary>
public sealed record ReportExcursion(string Sensor, DateTimeOffset Start, DateTimeOffset? End, double Peak, ReportAlarm? Alarm)
{
    public TimeSpan Duration(DateTimeOffset periodEnd) => (End ?? periodEnd) - Start;
}

public sealed record ReportAlarm(Guid Id, string Source, string Condition, string Severity, DateTimeOffset Start, DateTimeOffset? End, double? Peak, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? Comment);

public sealed record ReportCalibration(string Number, DateTimeOffset CalibratedOn, DateTimeOffset DueOn, string Reference);
