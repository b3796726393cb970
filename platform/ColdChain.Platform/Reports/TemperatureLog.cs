using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Reports;

/// <summary>
/// Everything a temperature log shows, assembled by the caller from the registry and the telemetry store; the
/// renderers (PDF, CSV, EPCIS) only lay it out. Times are printed in the site's zone with their offset.
/// </summary>
public sealed record TemperatureLog
{
    public required string AssetId { get; init; }

    public required string AssetName { get; init; }

    public required string Site { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public required string ProfileName { get; init; }

    public required double Low { get; init; }

    public required double High { get; init; }

    public required IReadOnlyList<LogSensor> Sensors { get; init; }

    /// <summary>Every reading in the period, oldest first: nothing is downsampled.</summary>
    public required IReadOnlyList<LogReading> Readings { get; init; }

    public required LogSummary Summary { get; init; }

    public IReadOnlyList<LogExcursion> Excursions { get; init; } = [];

    /// <summary>The identifier a reader checks the document against (e.g. a SHA-256 of its content, kept in the audit trail).</summary>
    public required string DocumentId { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    public required string GeneratedBy { get; init; }
}

public sealed record LogSensor(string Id, string Calibration, bool CalibrationOverdue);

public sealed record LogReading(string Sensor, DateTimeOffset At, double? Value, ReadingStatus Status);

public sealed record LogSummary(double? Min, double? Max, double? Mean, double? Mkt, TimeSpan TimeOutOfRange, TimeSpan LongestExcursion, double CoveragePercent);

public sealed record LogExcursion(DateTimeOffset Start, DateTimeOffset? End, double Peak, string? AlarmId, string? AcknowledgedBy, string? Comment);
