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
    DateTimeOffset? LastReadingAt);

public sealed record LegAssessment(
    int Index,
    string Asset,
    string Custodian,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<SensorAssessment> Sensors,
    TimeSpan LongestExcursion,
    TimeSpan CumulativeExcursion);

public sealed record ProductJudgement(ProductProbe Probe, double? CompartmentAtProbe, bool WithinAcceptance, bool WithinAllowedDelta);

public sealed record HandoverAssessment(
    HandoverVerdict Verdict,
    IReadOnlyList<HandoverReason> Reasons,
    IReadOnlyList<LegAssessment> Legs,
    TimeSpan CumulativeExcursionSinceOrigin,
    ProductJudgement? Product);
