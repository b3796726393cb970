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

/// <summary>
/// A value type of 24 bytes (UTC ticks, the value or NaN for none, the status): a leg holds tens of thousands of them,
/// and a sensor's two days at one a minute stay below the large-object heap, which a check would otherwise fill.
/// </summary>
public readonly record struct SensorReading
{
    private readonly long _utcTicks;
    private readonly double _value;

    public SensorReading(DateTimeOffset at, double? value, ReadingStatus status)
    {
        _utcTicks = at.UtcTicks;
        _value = value ?? double.NaN;
        Status = status;
    }

    public DateTimeOffset At
    {
        get => new(_utcTicks, TimeSpan.Zero);
        init => _utcTicks = value.UtcTicks;
    }

    /// <summary>Null when the sensor gave none (a fault). The store holds no NaN: validation dead-letters it.</summary>
    public double? Value
    {
        get => double.IsNaN(_value) ? null : _value;
        init => _value = value ?? double.NaN;
    }

    public ReadingStatus Status { get; init; }
}

public sealed record ProductProbe(double Value, string ProbeId, DateTimeOffset At);
