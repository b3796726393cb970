namespace ColdChain.Platform.Shipments.Handovers;

public enum HandoverVerdict
{
    Intact,
    Breached,

    /// <summary>The data cannot support a verdict either way; the reasons say what is missing.</summary>
    Indeterminate,
}

/// <summary>One reason for the verdict, pointing at its evidence (a path into the assessment, e.g. <c>legs[1].sensors[truck-01-t1].gaps[0]</c>).</summary>
public sealed record HandoverReason(HandoverVerdict Implies, string Code, string Text, string Evidence);

public sealed record TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Duration => End - Start;
}

public sealed record ExcursionEvidence(string Sensor, DateTimeOffset Start, DateTimeOffset End, double Peak)
{
    public TimeSpan Duration => End - Start;

    /// <summary>The alarm raised for this excursion, if any (none is itself worth knowing: the alarm rules or their delay let it pass).</summary>
    public AlarmEvidence? Alarm { get; init; }
}

public sealed record SensorAssessment(
    string Sensor,
    string Calibration,
    bool CalibrationOverdue,
    double? Min,
    double? Max,
    double? Mean,
    double? Mkt,
    double CoveragePercent,
    IReadOnlyList<TimeWindow> Gaps,
    IReadOnlyList<ExcursionEvidence> Excursions,
    int Faults,
    DateTimeOffset? LastReadingAt)
{
    /// <summary>How old the last reading was at the end of the leg (at the handover for the current leg).</summary>
    public TimeSpan? LastReadingAge { get; init; }
}

public sealed record LegAssessment(
    int Index,
    string Asset,
    string Custodian,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<SensorAssessment> Sensors,
    TimeSpan LongestExcursion,
    TimeSpan CumulativeExcursion)
{
    /// <summary>Time out of range from the origin to the end of this leg: the budget carried across hands.</summary>
    public TimeSpan CumulativeSinceOrigin { get; init; }

    /// <summary>Alarms still raised or unacknowledged at the end of the leg.</summary>
    public IReadOnlyList<AlarmEvidence> OpenAlarms { get; init; } = [];
}

public sealed record ProductJudgement(ProductProbe Probe, double? CompartmentAtProbe, bool WithinAcceptance, bool WithinAllowedDelta);

public sealed record HandoverAssessment(
    HandoverVerdict Verdict,
    IReadOnlyList<HandoverReason> Reasons,
    IReadOnlyList<LegAssessment> Legs,
    TimeSpan CumulativeExcursionSinceOrigin,
    ProductJudgement? Product);
