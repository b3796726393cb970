using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>The limits a shipment is judged against: transport range, acceptance limits at handover, and budgets.</summary>
public sealed record HandoverProfile
{
    public required double Low { get; init; }

    public required double High { get; init; }

    /// <summary>Acceptance limits for the product at handover; may be looser than the transport range (accept ≤ −15 °C, carry at ≤ −18 °C).</summary>
    public required double AcceptLow { get; init; }

    public required double AcceptHigh { get; init; }

    /// <summary>Longest consecutive time out of range allowed; also the longest gap that cannot hide a breach.</summary>
    public required TimeSpan LongestExcursionAllowed { get; init; }

    /// <summary>Cumulative time out of range allowed since the origin, over every leg.</summary>
    public required TimeSpan CumulativeExcursionAllowed { get; init; }

    public required TimeSpan ExpectedInterval { get; init; }

    public double MinimumCoveragePercent { get; init; } = 95;

    /// <summary>How far the product may differ from the compartment at handover (the 3 °C practice).</summary>
    public double MaxProductDelta { get; init; } = 3;
}

/// <summary>One custody leg: where the goods were, in whose hands, and what its sensors recorded.</summary>
public sealed record LegEvidence(
    int Index,
    string Asset,
    string Custodian,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<SensorEvidence> Sensors,
    bool BacklogPending = false)
{
    /// <summary>The alarms of the leg's asset that overlap the leg, from the alarm table: matched to excursions, and listed while open.</summary>
    public IReadOnlyList<AlarmEvidence> Alarms { get; init; } = [];
}

/// <summary>An alarm as the handover check cites it: which one, and who acknowledged it with what words.</summary>
public sealed record AlarmEvidence(
    Guid Id,
    string Source,
    string Condition,
    string State,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgementComment);

public sealed record SensorEvidence(string Sensor, string Calibration, bool CalibrationOverdue, IReadOnlyList<SensorReading> Readings);

/// <summary>A value type: a leg holds tens of thousands of them.</summary>
public readonly record struct SensorReading(DateTimeOffset At, double? Value, ReadingStatus Status);

public sealed record ProductProbe(double Value, string ProbeId, DateTimeOffset At);
