using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Tests.Shipments;

public sealed class HandoverAssessorTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Chilled 0–4 °C; accept 0–5 °C; 30 min longest excursion, 45 min cumulative; 1-minute readings.</summary>
    private static readonly HandoverProfile Chilled = new()
    {
        Low = 0,
        High = 4,
        AcceptLow = 0,
        AcceptHigh = 5,
        LongestExcursionAllowed = TimeSpan.FromMinutes(30),
        CumulativeExcursionAllowed = TimeSpan.FromMinutes(45),
        ExpectedInterval = TimeSpan.FromMinutes(1),
    };

    [Test]
    public void A_leg_held_in_range_with_full_data_is_intact()
    {
        var result = HandoverAssessor.Assess(Chilled, [Leg(0, Steady(3, hours: 12))], new ProductProbe(3.2, "probe-1", Origin.AddHours(12).AddMinutes(-1)));

        Assert.That(result.Verdict, Is.EqualTo(HandoverVerdict.Intact), Describe(result));
        Assert.That(result.Legs[0].Sensors[0].CoveragePercent, Is.EqualTo(100).Within(0.01));
        Assert.That(result.Legs[0].Sensors[0].Mkt, Is.EqualTo(3).Within(1e-9));
    }

    [Test]
    public void One_long_excursion_is_a_breach_pointing_at_it()
    {
        var readings = Steady(3, hours: 12).Select(r => r.At >= Origin.AddHours(5) && r.At < Origin.AddHours(5).AddMinutes(40) ? r with { Value = 6.5 } : r).ToList();

        var result = HandoverAssessor.Assess(Chilled, [Leg(0, readings)], null);

        var reason = result.Reasons.Single();
        Assert.That(result.Verdict, Is.EqualTo(HandoverVerdict.Breached));
        Assert.That((reason.Code, reason.Evidence), Is.EqualTo(("excursion_too_long", "legs[0].sensors[t1].excursions[0]")));
        Assert.That(result.Legs[0].Sensors[0].Excursions.Single().Duration, Is.EqualTo(TimeSpan.FromMinutes(40)));
    }

    [Test]
    public void Short_excursions_in_two_legs_add_up_to_a_breach_though_each_leg_passes()
    {
        List<SensorReading> WithExcursion(int leg) => Steady(3, hours: 12, start: Origin.AddHours(12 * leg))
            .Select(r => r.At >= Origin.AddHours((12 * leg) + 3) && r.At < Origin.AddHours((12 * leg) + 3).AddMinutes(25) ? r with { Value = 5 } : r)
            .ToList();

        var result = HandoverAssessor.Assess(Chilled, [Leg(0, WithExcursion(0)), Leg(1, WithExcursion(1), start: Origin.AddHours(12))], null);

        Assert.Multiple(() =>
        {
            Assert.That(result.Legs.Select(l => l.CumulativeExcursion), Has.All.EqualTo(TimeSpan.FromMinutes(25)), "each leg alone is within the 45 min budget");
            Assert.That(result.CumulativeExcursionSinceOrigin, Is.EqualTo(TimeSpan.FromMinutes(50)));
            Assert.That(result.Verdict, Is.EqualTo(HandoverVerdict.Breached));
            Assert.That(result.Reasons.Select(r => r.Code), Is.EqualTo(new[] { "cumulative_budget_exceeded" }));
        });
    }

    [Test]
    public void A_40_minute_gap_makes_the_verdict_indeterminate_because_a_breach_could_hide_in_it()
    {
        var readings = Steady(3, hours: 48).Where(r => r.At < Origin.AddHours(4) || r.At >= Origin.AddHours(4).AddMinutes(40)).ToList();

        var result = HandoverAssessor.Assess(Chilled, [Leg(0, readings, hours: 48)], null);

        Assert.That(result.Verdict, Is.EqualTo(HandoverVerdict.Indeterminate));
        Assert.That(result.Reasons.Single().Code, Is.EqualTo("gap_could_hide_a_breach"));
        Assert.That(result.Legs[0].Sensors[0].CoveragePercent, Is.GreaterThan(Chilled.MinimumCoveragePercent), "coverage alone would have passed");
    }

    [Test]
    public void A_sensor_fault_makes_the_verdict_indeterminate()
    {
        var readings = Steady(3, hours: 12).Select(r => r.At == Origin.AddHours(2) ? new SensorReading(r.At, null, ReadingStatus.SensorFault) : r).ToList();

        var result = HandoverAssessor.Assess(Chilled, [Leg(0, readings)], null);

        Assert.That((result.Verdict, result.Reasons.Single().Code), Is.EqualTo((HandoverVerdict.Indeterminate, "sensor_fault")));
    }

    [Test]
    public void A_product_warmer_than_the_acceptance_limit_is_a_breach()
    {
        var result = HandoverAssessor.Assess(Chilled, [Leg(0, Steady(3, hours: 12))], new ProductProbe(5.8, "probe-1", Origin.AddHours(12).AddMinutes(-1)));

        Assert.That(result.Verdict, Is.EqualTo(HandoverVerdict.Breached));
        Assert.That(result.Reasons.Select(r => r.Code), Does.Contain("product_outside_acceptance"));
        Assert.That(result.Product!.CompartmentAtProbe, Is.EqualTo(3));
    }

    [Test]
    public void A_product_far_from_the_compartment_temperature_is_a_breach_even_within_acceptance()
    {
        var profile = Chilled with { AcceptLow = -5, AcceptHigh = 8 };

        var result = HandoverAssessor.Assess(profile, [Leg(0, Steady(0.5, hours: 12))], new ProductProbe(4.6, "probe-1", Origin.AddHours(12).AddMinutes(-1)));

        Assert.That(result.Reasons.Select(r => r.Code), Is.EqualTo(new[] { "product_differs_from_compartment" }));
    }

    [Test]
    public void An_overdue_calibration_makes_the_verdict_indeterminate_with_that_reason()
    {
        var leg = Leg(0, Steady(3, hours: 12)) with
        {
            Sensors = [new SensorEvidence("t1", "certificate CAL-2025-0117, due 2026-10-01", CalibrationOverdue: true, Steady(3, hours: 12))],
        };

        var result = HandoverAssessor.Assess(Chilled, [leg], null);

        Assert.That((result.Verdict, result.Reasons.Single().Code), Is.EqualTo((HandoverVerdict.Indeterminate, "calibration_overdue")));
        Assert.That(result.Reasons.Single().Text, Does.Contain("CAL-2025-0117"));
    }

    [Test]
    public void A_backlog_still_on_its_way_makes_the_verdict_indeterminate()
    {
        var leg = Leg(0, Steady(3, hours: 12)) with { BacklogPending = true };

        var result = HandoverAssessor.Assess(Chilled, [leg], null);

        Assert.That((result.Verdict, result.Reasons.Single().Code), Is.EqualTo((HandoverVerdict.Indeterminate, "backlog_pending")));
    }

    [Test]
    public void A_proven_breach_stands_even_where_other_data_is_missing()
    {
        var readings = Steady(3, hours: 12)
            .Select(r => r.At >= Origin.AddHours(1) && r.At < Origin.AddHours(2) ? r with { Value = 7 } : r)
            .Where(r => r.At < Origin.AddHours(8) || r.At >= Origin.AddHours(9))
            .ToList();

        var result = HandoverAssessor.Assess(Chilled, [Leg(0, readings)], null);

        Assert.That(result.Verdict, Is.EqualTo(HandoverVerdict.Breached));
        Assert.That(result.Reasons.Select(r => r.Code), Is.SupersetOf(new[] { "excursion_too_long", "gap_could_hide_a_breach" }), "the doubt is reported beside the breach");
    }

    [Test]
    public void The_budget_is_carried_across_legs_and_each_leg_shows_the_running_total()
    {
        List<SensorReading> WithExcursion(int leg, int minutes) => Steady(3, hours: 12, start: Origin.AddHours(12 * leg))
            .Select(r => r.At >= Origin.AddHours((12 * leg) + 3) && r.At < Origin.AddHours((12 * leg) + 3).AddMinutes(minutes) ? r with { Value = 5 } : r)
            .ToList();

        var result = HandoverAssessor.Assess(Chilled, [Leg(0, WithExcursion(0, 10)), Leg(1, WithExcursion(1, 20), start: Origin.AddHours(12))], null);

        Assert.That(result.Legs.Select(l => l.CumulativeSinceOrigin), Is.EqualTo(new[] { TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30) }));
        Assert.That(result.Verdict, Is.EqualTo(HandoverVerdict.Intact), "30 of 45 minutes used");
    }

    [Test]
    public void An_excursion_cites_the_alarm_raised_for_it_and_who_acknowledged_it_and_an_unacknowledged_alarm_is_listed_as_open()
    {
        var readings = Steady(3, hours: 12).Select(r => r.At >= Origin.AddHours(5) && r.At < Origin.AddHours(5).AddMinutes(12) ? r with { Value = 5.1 } : r).ToList();
        var acknowledged = new AlarmEvidence(Guid.NewGuid(), "t1", "above_range", "cleared", Origin.AddHours(5).AddMinutes(10), Origin.AddHours(5).AddMinutes(12), "Wang Li", Origin.AddHours(5).AddMinutes(11), "door closed");
        var open = new AlarmEvidence(Guid.NewGuid(), "t1-door", "door_open_too_long", "raised", Origin.AddHours(11), null, null, null, null);
        var leg = Leg(0, readings) with { Alarms = [acknowledged, open] };

        var result = HandoverAssessor.Assess(Chilled, [leg], null);

        var excursion = result.Legs[0].Sensors[0].Excursions.Single();
        Assert.That(excursion.Alarm, Is.EqualTo(acknowledged));
        Assert.That(result.Legs[0].OpenAlarms, Is.EqualTo(new[] { open }));
    }

    [Test]
    public void The_last_readings_age_at_the_handover_is_reported()
    {
        var readings = Steady(3, hours: 12).Where(r => r.At < Origin.AddHours(12).AddMinutes(-7)).ToList();

        var result = HandoverAssessor.Assess(Chilled, [Leg(0, readings)], null);

        Assert.That(result.Legs[0].Sensors[0].LastReadingAge, Is.EqualTo(TimeSpan.FromMinutes(8)));
        Assert.That(result.Legs[0].Sensors[0].Gaps, Has.Count.EqualTo(1), "the silence up to the handover is a gap too");
    }

    private static LegEvidence Leg(int index, IReadOnlyList<SensorReading> readings, DateTimeOffset? start = null, int hours = 12)
    {
        var from = start ?? Origin;
        return new LegEvidence(index, index == 0 ? "cold-room-1" : "truck-01", index == 0 ? "Warehouse North" : "Carrier East", from, from.AddHours(hours), [new SensorEvidence("t1", "certificate CAL-2026-0042, due 2027-03-01", false, readings)]);
    }

    private static List<SensorReading> Steady(double celsius, int hours, DateTimeOffset? start = null) =>
        Enumerable.Range(0, hours * 60).Select(m => new SensorReading((start ?? Origin).AddMinutes(m), celsius, ReadingStatus.Ok)).ToList();

    private static string Describe(HandoverAssessment result) => string.Join("; ", result.Reasons.Select(r => $"{r.Code}: {r.Text}"));
}
