using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Readings;

/// <summary>A chart's data: per sensor, downsampled points (times in Unix milliseconds, null = gap) and statistics over every reading.</summary>
public sealed record SeriesResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int Points,
    SeriesLimits? Limits,
    IReadOnlyList<SensorSeries> Sensors,
    IReadOnlyList<SeriesAlarm> Alarms);

public sealed record SensorSeries(
    string Sensor,
    Quantity Quantity,
    string Unit,
    bool CalibrationOverdue,
    int Count,
    double? Min,
    double? Max,
    double? Mean,
    int Faults,
    IReadOnlyList<long> Time,
    IReadOnlyList<double?> Value);

/// <summary>The profile's limits and warning band (°C) the asset is shown against.</summary>
public sealed record SeriesLimits(string Profile, string Name, double? Min, double? Max, double WarningBand);

public sealed record SeriesAlarm(Guid Id, string Source, string Condition, string Severity, string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);
