using ColdChain.Ingest.Alarms;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Ingest.Tests.Alarms;

/// <summary>The edges people lose trust over: values exactly at a limit, flapping, gaps, restarts, doors left open.</summary>
public sealed class AlarmRuleEdgeCaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly AlarmProfile Chilled = new()
    {
        Low = 0,
        High = 4,
        WarningBand = 0,
        AlarmDelay = TimeSpan.FromMinutes(5),
        Hysteresis = 0.3,
        ExpectedInterval = TimeSpan.FromMinutes(1),
        PredictionLead = null,
        MaxDoorOpen = TimeSpan.FromMinutes(10),
    };

    [Test]
    public void A_value_exactly_at_the_limit_is_inside_the_range_and_never_alarms()
    {
        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), [.. Enumerable.Repeat(4.0, 30), .. Enumerable.Repeat(0.0, 30)]);

        Assert.That(transitions, Is.Empty);
    }

    [Test]
    public void A_raised_alarm_clears_exactly_at_the_hysteresis_threshold_and_not_a_hair_above()
    {
        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), [5, 5, 5, 5, 5, 5, 5, 3.71, 3.7]);

        Assert.That(transitions.Select(t => (t.Kind, t.At)), Is.EqualTo(new[]
        {
            (AlarmTransitionKind.Raised, T0.AddMinutes(5)),
            (AlarmTransitionKind.Cleared, T0.AddMinutes(8)),
        }));
    }

    [Test]
    public void An_excursion_exactly_as_long_as_the_delay_raises()
    {
        // Above from minute 1; at minute 6 it has lasted exactly the 5 min delay.
        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), [2, 4.1, 4.1, 4.1, 4.1, 4.1, 4.1]);

        Assert.That(transitions.Single().At, Is.EqualTo(T0.AddMinutes(6)));
    }

    [Test]
    public void Flapping_across_the_limit_never_raises_the_delayed_alarm_but_the_excursion_budget_catches_it()
    {
        var profile = Chilled with { ExcursionBudget = TimeSpan.FromMinutes(10), BudgetWindow = TimeSpan.FromHours(1) };
        double[] flapping = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 4.4 : 3.9)];

        var transitions = Feed(new SensorAlarmEvaluator("t1", profile), flapping);

        Assert.Multiple(() =>
        {
            Assert.That(transitions.Where(t => t.Condition == AlarmCondition.AboveRange), Is.Empty, "no single excursion outlasts the delay");
            var budget = transitions.Single(t => t.Condition == AlarmCondition.ExcursionBudgetExceeded);
            Assert.That(budget.Kind, Is.EqualTo(AlarmTransitionKind.Raised));
            Assert.That(budget.At, Is.EqualTo(T0.AddMinutes(21)), "the 11th minute out of range (every other minute) exceeds the 10 min budget");
        });
    }

    [Test]
    public void Noise_around_the_limit_after_an_alarm_keeps_one_alarm_open()
    {
        double[] series = [5, 5, 5, 5, 5, 5, 4.1, 3.9, 4.2, 3.8, 4.05, 3.75, 4.1];

        var transitions = Feed(new SensorAlarmEvaluator("t1", Chilled), series);

        Assert.That(transitions.Select(t => t.Kind), Is.EqualTo(new[] { AlarmTransitionKind.Raised }));
    }

    [Test]
    public void A_gap_between_two_readings_above_the_limit_raises_on_the_second_with_the_first_as_start()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);

        var first = evaluator.ObserveTemperature(T0, 6, ReadingStatus.Ok, T0);
        var second = evaluator.ObserveTemperature(T0.AddMinutes(30), 6, ReadingStatus.Ok, T0.AddMinutes(30));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Empty);
            Assert.That(second.Single().ConditionSince, Is.EqualTo(T0));
            Assert.That(second.Single().At, Is.EqualTo(T0.AddMinutes(30)));
        });
    }

    [Test]
    public void A_reading_arriving_twice_or_late_out_of_order_is_ignored_and_raises_no_second_alarm()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        var transitions = Feed(evaluator, [5, 5, 5, 5, 5, 5]).ToList();

        transitions.AddRange(evaluator.ObserveTemperature(T0.AddMinutes(5), 5, ReadingStatus.Ok, T0.AddMinutes(9)));
        transitions.AddRange(evaluator.ObserveTemperature(T0.AddMinutes(2), 1, ReadingStatus.Ok, T0.AddMinutes(9)));

        Assert.That(transitions.Select(t => t.Kind), Is.EqualTo(new[] { AlarmTransitionKind.Raised }));
    }

    [Test]
    public void An_alarm_taken_up_after_a_restart_clears_on_the_next_good_value_and_is_not_raised_again()
    {
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        Assert.That(evaluator.Restore(AlarmCondition.AboveRange, T0.AddMinutes(-30), 6.5), Is.True);

        var still = evaluator.ObserveTemperature(T0, 5.5, ReadingStatus.Ok, T0);
        var back = evaluator.ObserveTemperature(T0.AddMinutes(1), 3.0, ReadingStatus.Ok, T0.AddMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(still.Where(t => t.Condition == AlarmCondition.AboveRange), Is.Empty, "already open: not raised twice");
            var cleared = back.Single(t => t.Condition == AlarmCondition.AboveRange);
            Assert.That(cleared.Kind, Is.EqualTo(AlarmTransitionKind.Cleared));
            Assert.That(cleared.ConditionSince, Is.EqualTo(T0.AddMinutes(-30)));
            Assert.That(cleared.Peak, Is.EqualTo(6.5));
        });
    }

    [Test]
    public void A_door_left_open_raises_by_the_clock_without_waiting_for_the_next_event()
    {
        var clock = new FakeTimeProvider(T0);
        var evaluator = new SensorAlarmEvaluator("door", Chilled);
        Assert.That(evaluator.ObserveDoor(clock.GetUtcNow(), open: true, clock.GetUtcNow()), Is.Empty);

        clock.Advance(TimeSpan.FromMinutes(9));
        var early = evaluator.CheckDoor(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        var due = evaluator.CheckDoor(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        var again = evaluator.CheckDoor(clock.GetUtcNow());
        var closed = evaluator.ObserveDoor(clock.GetUtcNow(), open: false, clock.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Empty);
            Assert.That(due.Single().Condition, Is.EqualTo(AlarmCondition.DoorOpenTooLong));
            Assert.That(due.Single().ConditionSince, Is.EqualTo(T0));
            Assert.That(again, Is.Empty);
            Assert.That(closed.Single().Kind, Is.EqualTo(AlarmTransitionKind.Cleared));
        });
    }

    [Test]
    public void A_door_opened_in_a_replayed_backlog_is_judged_by_its_close_not_by_the_clock()
    {
        var evaluator = new SensorAlarmEvaluator("door", Chilled);
        var arrival = T0.AddHours(3);

        evaluator.ObserveDoor(T0, open: true, arrival);
        var byClock = evaluator.CheckDoor(arrival);
        var closed = evaluator.ObserveDoor(T0.AddMinutes(4), open: false, arrival);

        Assert.Multiple(() =>
        {
            Assert.That(byClock, Is.Empty, "open for 4 min in truth: the clock at arrival must not call it 3 h");
            Assert.That(closed, Is.Empty);
        });
    }

    private static List<AlarmTransition> Feed(SensorAlarmEvaluator evaluator, double[] values) =>
        values.SelectMany((v, i) => evaluator.ObserveTemperature(T0.AddMinutes(i), v, ReadingStatus.Ok, T0.AddMinutes(i))).ToList();
}
