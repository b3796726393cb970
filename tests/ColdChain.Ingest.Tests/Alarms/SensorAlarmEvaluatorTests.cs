using ColdChain.Ingest.Alarms;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Tests.Alarms;

public sealed class SensorAlarmEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Chilled 0–4 °C, 5 min delay, 0.3 °C hysteresis, readings every minute; prediction and budget off unless a test turns them on.</summary>
    private static readonly AlarmProfile Chilled = new()
    {
        Low = 0,
        High = 4,
        WarningBand = 0.5,
        AlarmDelay = TimeSpan.FromMinutes(5),
        Hysteresis = 0.3,
        ExpectedInterval = TimeSpan.FromMinutes(1),
        PredictionLead = null,
        MaxDoorOpen = TimeSpan.FromMinutes(10),
    };

    [Test]
    public void A_blip_above_the_limit_shorter_than_the_delay_raises_nothing()
    {
        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), [2, 2, 4.6, 4.8, 4.7, 3.2, 2.5, 2.4]);

        Assert.That(transitions.Where(t => t.Condition == AlarmCondition.AboveRange), Is.Empty);
    }

    [Test]
    public void An_excursion_longer_than_the_delay_raises_a_critical_alarm_that_starts_when_the_excursion_started()
    {
        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), [2, 4.5, 4.8, 5.3, 5.1, 5.0, 4.9, 4.6]);

        var raised = transitions.Single(t => t.Condition == AlarmCondition.AboveRange);
        Assert.Multiple(() =>
        {
            Assert.That(raised.Kind, Is.EqualTo(AlarmTransitionKind.Raised));
            Assert.That(raised.Severity, Is.EqualTo(AlarmSeverity.Critical));
            Assert.That(raised.ConditionSince, Is.EqualTo(T0.AddMinutes(1)), "the excursion began with the first reading above 4 °C");
            Assert.That(raised.At, Is.EqualTo(T0.AddMinutes(6)), "raised when the 5 min delay had run");
            Assert.That(raised.Peak, Is.EqualTo(5.3));
        });
    }

    [Test]
    public void An_alarm_clears_only_when_the_value_is_back_past_the_hysteresis_so_noise_at_the_limit_does_not_flap()
    {
        double[] series = [5, 5, 5, 5, 5, 5, 5, 3.95, 4.05, 3.9, 4.02, 3.8, 3.6, 3.5];

        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), series).Where(t => t.Condition == AlarmCondition.AboveRange).ToList();

        Assert.That(transitions.Select(t => t.Kind), Is.EqualTo(new[] { AlarmTransitionKind.Raised, AlarmTransitionKind.Cleared }));
        Assert.That(transitions[1].At, Is.EqualTo(T0.AddMinutes(12)), "cleared at the first reading at or below 3.7 °C");
    }

    [Test]
    public void A_warning_is_raised_near_the_limit_before_the_limit_is_crossed()
    {
        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), [3.6, 3.7, 3.7, 3.8, 3.8, 3.9, 3.9, 3.9]);

        Assert.That(transitions.Select(t => (t.Condition, t.Severity, t.Kind)), Is.EqualTo(new[]
        {
            (AlarmCondition.NearUpperLimit, AlarmSeverity.Warning, AlarmTransitionKind.Raised),
        }));
    }

    [Test]
    public void A_planned_defrost_suppresses_the_high_alarm_within_its_allowance_and_nothing_more()
    {
        var profile = Chilled with
        {
            WarningBand = 0,
            DefrostWindows = [new DefrostWindow(new TimeOnly(8, 0), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10), MaxTemperature: 8)],
        };

        var withinAllowance = Feed(new SensorAlarmEvaluator("t1", profile), Enumerable.Repeat(7.0, 25).ToArray());
        var beyondAllowance = Feed(new SensorAlarmEvaluator("t1", profile), Enumerable.Repeat(9.0, 25).ToArray());
        var tooColdDuringDefrost = Feed(new SensorAlarmEvaluator("t1", profile), Enumerable.Repeat(-1.0, 25).ToArray());
        var afterTheWindow = Feed(new SensorAlarmEvaluator("t1", profile), Enumerable.Repeat(7.0, 45).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(withinAllowance, Is.Empty, "7 °C during a defrost allowed up to 8 °C");
            Assert.That(beyondAllowance.Select(t => t.Condition), Does.Contain(AlarmCondition.AboveRange));
            Assert.That(tooColdDuringDefrost.Select(t => t.Condition), Does.Contain(AlarmCondition.BelowRange));
            Assert.That(afterTheWindow.Single(t => t.Condition == AlarmCondition.AboveRange).ConditionSince, Is.EqualTo(T0.AddMinutes(30)), "the window (20 min + 10 min recovery) ends at 08:30");
        });
    }

    [Test]
    public void A_steady_rise_is_predicted_before_the_limit_is_crossed()
    {
        var profile = Chilled with { WarningBand = 0, PredictionLead = TimeSpan.FromMinutes(30), TrendWindow = TimeSpan.FromMinutes(10) };
        var rising = Enumerable.Range(0, 40).Select(i => 2 + (0.1 * i)).ToArray();

        var transitions = Feed(new SensorAlarmEvaluator("t1", profile), rising);

        var predicted = transitions.First(t => t.Condition == AlarmCondition.PredictedBreach && t.Kind == AlarmTransitionKind.Raised);
        var breached = transitions.First(t => t.Condition == AlarmCondition.AboveRange && t.Kind == AlarmTransitionKind.Raised);
        Assert.That(predicted.At, Is.LessThan(breached.ConditionSince), "the warning comes before the limit is crossed");
        Assert.That(breached.ConditionSince - predicted.At, Is.GreaterThanOrEqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void A_backlog_replayed_hours_later_yields_the_alarms_at_their_measurement_times_marked_late()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        var arrival = T0.AddHours(3);

        var transitions = Feed(evaluator, [2, 6, 6, 6, 6, 6, 6, 6, 3, 2], receivedAt: arrival);

        var above = transitions.Where(t => t.Condition == AlarmCondition.AboveRange).ToList();
        Assert.That(above.Select(t => (t.Kind, t.At, t.Late)), Is.EqualTo(new[]
        {
            (AlarmTransitionKind.Raised, T0.AddMinutes(6), true),
            (AlarmTransitionKind.Cleared, T0.AddMinutes(8), true),
        }));
    }

    [Test]
    public void A_sensor_fault_raises_at_once_clears_on_the_next_value_and_leaves_a_running_excursion_alarm_standing()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        var transitions = new List<AlarmTransition>();
        transitions.AddRange(Feed(evaluator, [6, 6, 6, 6, 6, 6, 6]));
        transitions.AddRange(evaluator.ObserveTemperature(T0.AddMinutes(7), null, ReadingStatus.SensorFault, T0.AddMinutes(7)));
        transitions.AddRange(evaluator.ObserveTemperature(T0.AddMinutes(8), 6, ReadingStatus.Ok, T0.AddMinutes(8)));

        Assert.That(transitions.Select(t => (t.Condition, t.Kind)), Is.EqualTo(new[]
        {
            (AlarmCondition.NearUpperLimit, AlarmTransitionKind.Raised),
            (AlarmCondition.AboveRange, AlarmTransitionKind.Raised),
            (AlarmCondition.SensorFault, AlarmTransitionKind.Raised),
            (AlarmCondition.SensorFault, AlarmTransitionKind.Cleared),
        }));
    }

    [Test]
    public void Silence_longer_than_the_allowed_intervals_raises_stale_data_and_the_next_reading_clears_it()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        Feed(evaluator, [2, 2]);

        var early = evaluator.CheckStale(T0.AddMinutes(4));
        var stale = evaluator.CheckStale(T0.AddMinutes(7));
        var again = evaluator.CheckStale(T0.AddMinutes(8));
        var back = evaluator.ObserveTemperature(T0.AddMinutes(9), 2, ReadingStatus.Ok, T0.AddMinutes(9));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Empty);
            Assert.That(stale.Single().At, Is.EqualTo(T0.AddMinutes(6)), "5 intervals after the last reading at 08:01");
            Assert.That(again, Is.Empty, "one open alarm per condition");
            Assert.That(back.Single().Kind, Is.EqualTo(AlarmTransitionKind.Cleared));
        });
    }

    [Test]
    public void A_door_open_longer_than_allowed_raises_a_warning_and_closing_it_clears()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        var transitions = Enumerable.Range(0, 12).SelectMany(i => evaluator.ObserveDoor(T0.AddMinutes(i), open: i < 11, T0.AddMinutes(i))).ToList();

        Assert.That(transitions.Select(t => (t.Condition, t.Kind, t.At)), Is.EqualTo(new[]
        {
            (AlarmCondition.DoorOpenTooLong, AlarmTransitionKind.Raised, T0.AddMinutes(10)),
            (AlarmCondition.DoorOpenTooLong, AlarmTransitionKind.Cleared, T0.AddMinutes(11)),
        }));
    }

    [Test]
    public void Short_excursions_each_below_the_delay_add_up_against_the_excursion_budget()
    {
        var profile = Chilled with { WarningBand = 0, ExcursionBudget = TimeSpan.FromMinutes(10) };
        double[] pattern = [5, 5, 5, 2, 2, 2, 2, 2];
        var series = Enumerable.Repeat(pattern, 5).SelectMany(p => p).ToArray();

        var transitions = Feed(new SensorAlarmEvaluator("t1", profile), series);

        Assert.That(transitions.Where(t => t.Condition == AlarmCondition.AboveRange), Is.Empty, "no single excursion outlasts the delay");
        var exceeded = transitions.Single(t => t.Condition == AlarmCondition.ExcursionBudgetExceeded);
        Assert.That(exceeded.At, Is.EqualTo(T0.AddMinutes(26)), "three minutes out per cycle: the 11th is counted at 08:26, in the fourth excursion");
    }

    [Test]
    public void A_gap_in_the_record_is_not_counted_as_time_out_of_range()
    {
        var profile = Chilled with { ExcursionBudget = TimeSpan.FromMinutes(10) };
        var evaluator = new SensorAlarmEvaluator("t1", profile);

        evaluator.ObserveTemperature(T0, 5, ReadingStatus.Ok, T0);
        evaluator.ObserveTemperature(T0.AddHours(1), 2, ReadingStatus.Ok, T0.AddHours(1));

        Assert.That(evaluator.ExcursionTimeUsed, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void A_reading_older_than_the_last_evaluated_one_changes_nothing()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        Feed(evaluator, [2, 2, 2]);

        var transitions = evaluator.ObserveTemperature(T0.AddMinutes(1), null, ReadingStatus.SensorFault, T0.AddMinutes(3));

        Assert.That(transitions, Is.Empty);
    }

    [Test]
    public void A_fast_change_raises_a_rate_of_change_warning()
    {
        var profile = Chilled with { WarningBand = 0, MaxRatePerMinute = 0.5, TrendWindow = TimeSpan.FromMinutes(4) };
        double[] series = [2, 2, 2, 2, 2, 2.8, 3.6, 4.4, 5.2];

        var transitions = Feed(new SensorAlarmEvaluator("t1", profile), series);

        Assert.That(transitions.Select(t => t.Condition), Does.Contain(AlarmCondition.RateOfChange));
    }

    private static List<AlarmTransition> Feed(SensorAlarmEvaluator evaluator, double[] values, DateTimeOffset? receivedAt = null) =>
        values.SelectMany((v, i) => evaluator.ObserveTemperature(T0.AddMinutes(i), v, ReadingStatus.Ok, receivedAt ?? T0.AddMinutes(i))).ToList();
}
