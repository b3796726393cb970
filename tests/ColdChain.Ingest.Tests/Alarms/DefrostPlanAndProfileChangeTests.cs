using ColdChain.Ingest.Alarms;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Ingest.Tests.Alarms;

public sealed class DefrostPlanAndProfileChangeTests
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
    };

    private static TimeZoneInfo Berlin => TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Test]
    public void Occurrences_are_the_daily_local_windows_in_utc_including_one_that_began_before_the_period()
    {
        var window = new DefrostWindow(new TimeOnly(23, 30), TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(20), 10);

        // 25 November: Berlin is UTC+1, so 23:30 local is 22:30 UTC; the 24th's defrost runs until 23:30 UTC of the 24th.
        var spans = window.Occurrences(Berlin, new DateTimeOffset(2026, 11, 24, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

        Assert.That(spans.Select(s => (s.Start, s.DefrostEnd, s.End)), Is.EqualTo(new[]
        {
            (new DateTimeOffset(2026, 11, 24, 22, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 23, 10, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero)),
            (new DateTimeOffset(2026, 11, 25, 22, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 23, 10, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.Zero)),
        }));
    }

    [Test]
    public void A_defrost_planned_in_the_hour_skipped_by_summer_time_starts_when_the_clock_resumes()
    {
        var window = new DefrostWindow(new TimeOnly(2, 30), TimeSpan.FromMinutes(30), TimeSpan.Zero, 10);

        // 29 March 2026: Berlin jumps from 02:00 CET to 03:00 CEST; 03:00 CEST is 01:00 UTC.
        var spans = window.Occurrences(Berlin, new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero));

        Assert.That(spans.Single().Start, Is.EqualTo(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void A_planned_defrost_suppresses_the_upper_alarm_up_to_its_allowance_and_no_further()
    {
        var defrost = Chilled with { DefrostWindows = [new DefrostWindow(new TimeOnly(8, 0), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10), 9)] };

        var within = Feed(new SensorAlarmEvaluator("t1", defrost), T0, [3, 7, 8, 8.5, 8, 7, 6, 5]);
        var beyond = Feed(new SensorAlarmEvaluator("t1", defrost), T0, [3, 9.5, 9.6, 9.7, 9.8, 9.9, 9.9, 9.9]);

        Assert.Multiple(() =>
        {
            Assert.That(within.Where(t => t.Condition == AlarmCondition.AboveRange), Is.Empty);
            Assert.That(beyond.Single(t => t.Condition == AlarmCondition.AboveRange).ConditionSince, Is.EqualTo(T0.AddMinutes(1)));
        });
    }

    [Test]
    public void A_profile_change_applies_to_a_running_sensor_from_its_next_reading()
    {
        var clock = new FakeTimeProvider(T0);
        var evaluator = new SensorAlarmEvaluator("t1", Chilled);
        var before = Feed(evaluator, T0, [3, 3, 3]);

        evaluator.Reconfigure(Chilled with { Low = 3.5, High = 8, AlarmDelay = TimeSpan.Zero });
        clock.Advance(TimeSpan.FromMinutes(3));
        var after = Feed(evaluator, clock.GetUtcNow(), [3]);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Empty);
            Assert.That(after.Single().Condition, Is.EqualTo(AlarmCondition.BelowRange), "3 °C is below the new 3.5 °C limit, at once (no delay now)");
            Assert.That(after.Single().ConditionSince, Is.EqualTo(clock.GetUtcNow()));
        });
    }

    [Test]
    public void Removing_a_defrost_plan_from_a_running_sensor_lets_the_next_warm_reading_alarm()
    {
        var planned = Chilled with { AlarmDelay = TimeSpan.Zero, DefrostWindows = [new DefrostWindow(new TimeOnly(8, 0), TimeSpan.FromMinutes(30), TimeSpan.Zero, 12)] };
        var evaluator = new SensorAlarmEvaluator("t1", planned);
        var during = Feed(evaluator, T0, [3, 7, 8]);

        evaluator.Reconfigure(planned with { DefrostWindows = [] });
        var afterRemoval = Feed(evaluator, T0.AddMinutes(3), [8]);

        Assert.Multiple(() =>
        {
            Assert.That(during, Is.Empty);
            Assert.That(afterRemoval.Single().Condition, Is.EqualTo(AlarmCondition.AboveRange));
            Assert.That(afterRemoval.Single().ConditionSince, Is.EqualTo(T0.AddMinutes(3)));
        });
    }

    private static List<AlarmTransition> Feed(SensorAlarmEvaluator evaluator, DateTimeOffset start, double[] values)
    {
        var transitions = new List<AlarmTransition>();
        for (var i = 0; i < values.Length; i++)
        {
            var at = start.AddMinutes(i);
            transitions.AddRange(evaluator.ObserveTemperature(at, values[i], ReadingStatus.Ok, at));
        }

        return transitions;
    }
}
