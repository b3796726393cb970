using System.Globalization;
using ColdChain.Platform.Reports;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// "Was the cold chain intact?" answered from the evidence, by measurement time, with every reason pointing at its
/// evidence. A proven breach stands even where other data is missing; otherwise any doubt (a gap long enough to hide a
/// breach, low coverage, a faulty or overdue sensor, a backlog still on its way) makes the verdict indeterminate.
/// The excursion budget is carried across legs: short excursions in different hands add up.
/// </summary>
public static class HandoverAssessor
{
    public static HandoverAssessment Assess(HandoverProfile profile, IReadOnlyList<LegEvidence> legs, ProductProbe? probe)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(legs);
        var reasons = new List<HandoverReason>();
        var assessed = new List<LegAssessment>(legs.Count);
        var cumulative = TimeSpan.Zero;
        int? crossedIn = null;
        foreach (var leg in legs)
        {
            var legAssessment = AssessLeg(profile, leg, reasons);
            cumulative += legAssessment.CumulativeExcursion;
            if (cumulative > profile.CumulativeExcursionAllowed)
            {
                crossedIn ??= leg.Index;
            }

            assessed.Add(legAssessment with { CumulativeSinceOrigin = cumulative });
        }

        if (crossedIn is { } crossed)
        {
            reasons.Add(new(HandoverVerdict.Breached, "cumulative_budget_exceeded",
                $"{Minutes(cumulative)} out of range since the origin, over {assessed.Count(l => l.CumulativeExcursion > TimeSpan.Zero)} legs; the budget of {Minutes(profile.CumulativeExcursionAllowed)} was used up in leg {crossed}",
                "cumulativeExcursionSinceOrigin"));
        }

        var product = probe is null ? null : JudgeProduct(profile, legs.LastOrDefault(), probe, reasons);
        var verdict = reasons.Any(r => r.Implies == HandoverVerdict.Breached) ? HandoverVerdict.Breached
            : reasons.Any(r => r.Implies == HandoverVerdict.Indeterminate) ? HandoverVerdict.Indeterminate
            : HandoverVerdict.Intact;
        return new HandoverAssessment(verdict, reasons, assessed, cumulative, product);
    }

    private static LegAssessment AssessLeg(HandoverProfile profile, LegEvidence leg, List<HandoverReason> reasons)
    {
        var path = $"legs[{leg.Index}]";
        if (leg.Sensors.Count == 0)
        {
            reasons.Add(new(HandoverVerdict.Indeterminate, "no_sensor", $"leg {leg.Index} ({leg.Asset}) has no sensor", path));
        }

        if (leg.BacklogPending)
        {
            reasons.Add(new(HandoverVerdict.Indeterminate, "backlog_pending", $"{leg.Asset}'s gateway is offline with readings not yet delivered", path));
        }

        var sensors = leg.Sensors.Select(s => AssessSensor(profile, leg, s)).ToList();
        var openAlarms = leg.Alarms.Where(a => a.Start < leg.To && (a.End is null || a.End > leg.To || a.AcknowledgedAt is null)).ToList();
        foreach (var sensor in sensors)
        {
            Explain(profile, leg, sensor, $"{path}.sensors[{sensor.Sensor}]", reasons);
        }

        var longest = sensors.SelectMany(s => s.Excursions).Select(e => e.Duration).DefaultIfEmpty(TimeSpan.Zero).Max();
        var cumulative = sensors.Select(s => s.Excursions.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Duration)).DefaultIfEmpty(TimeSpan.Zero).Max();
        return new LegAssessment(leg.Index, leg.Asset, leg.Custodian, leg.From, leg.To, sensors, longest, cumulative) { OpenAlarms = openAlarms };
    }

    private static void Explain(HandoverProfile profile, LegEvidence leg, SensorAssessment sensor, string path, List<HandoverReason> reasons)
    {
        for (var i = 0; i < sensor.Excursions.Count; i++)
        {
            var e = sensor.Excursions[i];
            if (e.Duration > profile.LongestExcursionAllowed)
            {
                reasons.Add(new(HandoverVerdict.Breached, "excursion_too_long",
                    string.Create(CultureInfo.InvariantCulture, $"{sensor.Sensor} was out of {profile.Low}…{profile.High} °C for {Minutes(e.Duration)} (peak {e.Peak:0.0#} °C); at most {Minutes(profile.LongestExcursionAllowed)} is allowed"),
                    $"{path}.excursions[{i}]"));
            }
        }

        for (var i = 0; i < sensor.Gaps.Count; i++)
        {
            var gap = sensor.Gaps[i];
            if (gap.Duration > profile.LongestExcursionAllowed)
            {
                reasons.Add(new(HandoverVerdict.Indeterminate, "gap_could_hide_a_breach",
                    $"{sensor.Sensor} recorded nothing for {Minutes(gap.Duration)} from {gap.Start:O}: longer than the {Minutes(profile.LongestExcursionAllowed)} excursion allowed",
                    $"{path}.gaps[{i}]"));
            }
        }

        if (sensor.CoveragePercent < profile.MinimumCoveragePercent)
        {
            reasons.Add(new(HandoverVerdict.Indeterminate, "coverage_below_threshold",
                string.Create(CultureInfo.InvariantCulture, $"{sensor.Sensor} covered {sensor.CoveragePercent:0.0} % of leg {leg.Index}; at least {profile.MinimumCoveragePercent:0.#} % is needed"),
                $"{path}.coveragePercent"));
        }

        if (sensor.Faults > 0)
        {
            reasons.Add(new(HandoverVerdict.Indeterminate, "sensor_fault", $"{sensor.Sensor} reported {sensor.Faults} faults in leg {leg.Index}", $"{path}.faults"));
        }

        if (sensor.CalibrationOverdue)
        {
            reasons.Add(new(HandoverVerdict.Indeterminate, "calibration_overdue", $"{sensor.Sensor}'s calibration is overdue ({sensor.Calibration})", $"{path}.calibration"));
        }
    }

    private static SensorAssessment AssessSensor(HandoverProfile profile, LegEvidence leg, SensorEvidence sensor)
    {
        var readings = InLeg(leg, sensor.Readings);
        var values = new List<(DateTimeOffset At, double Celsius)>(readings.Count);
        var faults = 0;
        foreach (var r in readings)
        {
            if (r.Value is { } celsius && r.Status != ReadingStatus.SensorFault)
            {
                values.Add((r.At, celsius));
            }
            else
            {
                faults++;
            }
        }

        var coverage = leg.To > leg.From ? Math.Min(100, 100 * readings.Count * profile.ExpectedInterval.TotalSeconds / (leg.To - leg.From).TotalSeconds) : 0;
        var excursions = Excursions(profile, sensor.Sensor, values, leg.To)
            .Select(e => e with { Alarm = leg.Alarms.FirstOrDefault(a => a.Source == e.Sensor && a.Start <= e.End && (a.End ?? DateTimeOffset.MaxValue) >= e.Start) })
            .ToList();

        return new SensorAssessment(
            sensor.Sensor,
            sensor.Calibration,
            sensor.CalibrationOverdue,
            values.Count > 0 ? values.Min(v => v.Celsius) : null,
            values.Count > 0 ? values.Max(v => v.Celsius) : null,
            values.Count > 0 ? values.Average(v => v.Celsius) : null,
            MeanKineticTemperature.Compute(values, profile.ExpectedInterval),
            coverage,
            Gaps(profile, leg, readings),
            excursions,
            faults,
            readings.Count > 0 ? readings[^1].At : null)
        {
            LastReadingAge = readings.Count > 0 ? leg.To - readings[^1].At : null,
        };
    }

    /// <summary>
    /// The readings within the leg, oldest first (stable for equal times): the store's own list when it already is
    /// (the usual case, and no copy of tens of thousands of readings), else a filtered and sorted copy.
    /// </summary>
    private static IReadOnlyList<SensorReading> InLeg(LegEvidence leg, IReadOnlyList<SensorReading> all)
    {
        var fits = true;
        for (var i = 0; i < all.Count && fits; i++)
        {
            var at = all[i].At;
            fits = at >= leg.From && at < leg.To && (i == 0 || all[i - 1].At <= at);
        }

        return fits ? all : [.. all.Where(r => r.At >= leg.From && r.At < leg.To).OrderBy(r => r.At)];
    }

    /// <summary>Silences longer than twice the recording interval, including at the start and end of the leg.</summary>
    private static List<TimeWindow> Gaps(HandoverProfile profile, LegEvidence leg, IReadOnlyList<SensorReading> readings)
    {
        var limit = profile.ExpectedInterval * 2;
        var gaps = new List<TimeWindow>();
        var previous = leg.From;
        foreach (var r in readings)
        {
            if (r.At - previous > limit)
            {
                gaps.Add(new(previous, r.At));
            }

            previous = r.At;
        }

        if (leg.To - previous > limit)
        {
            gaps.Add(new(previous, leg.To));
        }

        return gaps;
    }

    private static List<ExcursionEvidence> Excursions(HandoverProfile profile, string sensor, List<(DateTimeOffset At, double Celsius)> values, DateTimeOffset legEnd)
    {
        var runs = new ExcursionRuns(profile, sensor);
        foreach (var (at, celsius) in values)
        {
            runs.Add(at, celsius);
        }

        return runs.Open(legEnd) is { } open ? [.. runs.Closed, open] : runs.Closed;
    }

    private static ProductJudgement JudgeProduct(HandoverProfile profile, LegEvidence? leg, ProductProbe probe, List<HandoverReason> reasons)
    {
        var compartment = leg?.Sensors
            .Select(s => s.Readings.Where(r => r.Value is not null && r.Status != ReadingStatus.SensorFault && (r.At - probe.At).Duration() <= profile.ExpectedInterval * 2)
                .OrderBy(r => (r.At - probe.At).Duration())
                .Select(r => r.Value)
                .FirstOrDefault())
            .Where(v => v is not null)
            .Select(v => v!.Value)
            .DefaultIfEmpty(double.NaN)
            .Average();
        var atProbe = compartment is { } c && !double.IsNaN(c) ? c : (double?)null;

        var withinAcceptance = probe.Value >= profile.AcceptLow && probe.Value <= profile.AcceptHigh;
        if (!withinAcceptance)
        {
            reasons.Add(new(HandoverVerdict.Breached, "product_outside_acceptance",
                string.Create(CultureInfo.InvariantCulture, $"product probe {probe.ProbeId} read {probe.Value:0.0#} °C; acceptance is {profile.AcceptLow}…{profile.AcceptHigh} °C"),
                "product.probe"));
        }

        var withinDelta = true;
        if (atProbe is { } compartmentValue)
        {
            withinDelta = Math.Abs(probe.Value - compartmentValue) <= profile.MaxProductDelta;
            if (!withinDelta)
            {
                reasons.Add(new(HandoverVerdict.Breached, "product_differs_from_compartment",
                    string.Create(CultureInfo.InvariantCulture, $"product {probe.Value:0.0#} °C against compartment {compartmentValue:0.0#} °C differs by more than {profile.MaxProductDelta:0.#} °C"),
                    "product.compartmentAtProbe"));
            }
        }
        else
        {
            reasons.Add(new(HandoverVerdict.Indeterminate, "no_compartment_reading_at_probe", $"no compartment reading within {Minutes(profile.ExpectedInterval * 2)} of the probe reading", "product.compartmentAtProbe"));
        }

        return new ProductJudgement(probe, atProbe, withinAcceptance, withinDelta);
    }

    private static string Minutes(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min");
}
