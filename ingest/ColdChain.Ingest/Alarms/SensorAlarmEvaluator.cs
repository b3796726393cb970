using System.Globalization;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Alarms;

/// <summary>
/// Evaluates one temperature sensor (and the door of its asset) against its profile, in measurement time, so a
/// backlog replayed hours later yields the alarms that really happened, with their true start and end, marked late.
/// Readings must arrive in measurement order per sensor (the gateway's outbox sends in order); an older reading than
/// the last one evaluated is stored but not re-evaluated.
/// </summary>
public sealed class SensorAlarmEvaluator
{
    private AlarmProfile _profile;
    private readonly ConditionTracker _above, _below, _nearUpper, _nearLower, _rate, _predicted, _budgetExceeded, _fault, _stale, _door;
    private readonly TrendEstimator _trend;
    private readonly ExcursionBudget _budget;
    private DateTimeOffset? _lastAt;
    private DateTimeOffset? _lastReceivedAt;
    private DateTimeOffset? _doorLastAt;
    private bool _doorOpenNow;

    public SensorAlarmEvaluator(string sensor, AlarmProfile profile)
    {
        _profile = profile;
        var delay = profile.AlarmDelay;
        _above = new(sensor, AlarmCondition.AboveRange, AlarmSeverity.Critical, delay);
        _below = new(sensor, AlarmCondition.BelowRange, AlarmSeverity.Critical, delay, PeakKind.Lowest);
        _nearUpper = new(sensor, AlarmCondition.NearUpperLimit, AlarmSeverity.Warning, delay);
        _nearLower = new(sensor, AlarmCondition.NearLowerLimit, AlarmSeverity.Warning, delay, PeakKind.Lowest);
        _rate = new(sensor, AlarmCondition.RateOfChange, AlarmSeverity.Warning, TimeSpan.Zero);
        _predicted = new(sensor, AlarmCondition.PredictedBreach, AlarmSeverity.Warning, TimeSpan.Zero);
        _budgetExceeded = new(sensor, AlarmCondition.ExcursionBudgetExceeded, AlarmSeverity.Critical, TimeSpan.Zero);
        _fault = new(sensor, AlarmCondition.SensorFault, AlarmSeverity.Critical, TimeSpan.Zero);
        _stale = new(sensor, AlarmCondition.StaleData, AlarmSeverity.Critical, TimeSpan.Zero);
        _door = new(sensor, AlarmCondition.DoorOpenTooLong, AlarmSeverity.Warning, profile.MaxDoorOpen ?? TimeSpan.MaxValue);
        _trend = new(profile.TrendWindow);
        _budget = new(profile.BudgetWindow, profile.ExpectedInterval);
    }

    public AlarmProfile Profile => _profile;

    /// <summary>
    /// Applies a changed profile (limits, delays, defrost plan) from the next reading on, keeping what has been
    /// observed: a condition already pending keeps its start, a raised alarm stays raised until the new limits clear it.
    /// The excursion budget keeps its window and interval.
    /// </summary>
    public void Reconfigure(AlarmProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        foreach (var tracker in new[] { _above, _below, _nearUpper, _nearLower })
        {
            tracker.Delay = profile.AlarmDelay;
        }

        _door.Delay = profile.MaxDoorOpen ?? TimeSpan.MaxValue;
    }

    /// <summary>The measurement time of the latest reading (temperature or door) judged; null before the first.</summary>
    public DateTimeOffset? LastObservedAt => (_lastAt, _doorLastAt) switch
    {
        ({ } reading, { } door) => reading > door ? reading : door,
        ({ } reading, null) => reading,
        (null, var door) => door,
    };

    /// <summary>Time out of range counted in the current budget window.</summary>
    public TimeSpan ExcursionTimeUsed => _budget.Used;

    public IReadOnlyList<AlarmTransition> ObserveTemperature(DateTimeOffset at, double? value, ReadingStatus status, DateTimeOffset receivedAt)
    {
        if (_lastAt is { } last && at <= last)
        {
            return [];
        }

        _lastAt = at;
        _lastReceivedAt = receivedAt;
        var late = receivedAt - at > _profile.LateAfter;
        var transitions = new List<AlarmTransition>();
        Add(transitions, _stale.Update(holds: false, clears: true, at, value, late, "readings arrive again"));

        if (status == ReadingStatus.SensorFault || value is not { } v)
        {
            // No trustworthy value: raise the fault, and leave the value rules where they stand until values return.
            Add(transitions, _fault.Update(holds: true, clears: false, at, null, late, "the sensor reports a fault"));
            return transitions;
        }

        Add(transitions, _fault.Update(holds: false, clears: true, at, v, late, "the sensor reports values again"));
        EvaluateLimits(transitions, at, v, late);
        EvaluateTrend(transitions, at, v, late);
        EvaluateBudget(transitions, at, v, late);
        return transitions;
    }

    public IReadOnlyList<AlarmTransition> ObserveDoor(DateTimeOffset at, bool open, DateTimeOffset receivedAt)
    {
        if (_profile.MaxDoorOpen is null || (_doorLastAt is { } last && at <= last))
        {
            return [];
        }

        _doorLastAt = at;
        var late = receivedAt - at > _profile.LateAfter;

        // Only a door reported open live is watched by the clock: one opened in a backlog is judged by its close.
        _doorOpenNow = open && !late;
        var transition = _door.Update(holds: open, clears: !open, at, null, late, open ? $"door open longer than {_profile.MaxDoorOpen}" : "door closed");
        return transition is null ? [] : [transition];
    }

    /// <summary>
    /// Absence is detected by the clock: call periodically with the current time. Stale means nothing has arrived for
    /// the allowed time; a backlog that is arriving, however old its readings, is not silence (its holes are gaps).
    /// </summary>
    public IReadOnlyList<AlarmTransition> CheckStale(DateTimeOffset now)
    {
        if (_lastAt is not { } last || _lastReceivedAt is not { } received || now - received < _profile.StaleAfter || now - last < _profile.StaleAfter)
        {
            return [];
        }

        var since = received > last ? received : last;
        var transition = _stale.Update(holds: true, clears: false, since + _profile.StaleAfter, null, late: false, string.Create(CultureInfo.InvariantCulture, $"no reading since {last:O}"));
        return transition is null ? [] : [transition];
    }

    /// <summary>A door that stays open raises its alarm by the clock, not only when the next door event arrives.</summary>
    public IReadOnlyList<AlarmTransition> CheckDoor(DateTimeOffset now)
    {
        if (!_doorOpenNow || _profile.MaxDoorOpen is not { } max || _door.Since is not { } since || now - since < max)
        {
            return [];
        }

        var transition = _door.Update(holds: true, clears: false, now, null, late: false, $"door open longer than {max}");
        return transition is null ? [] : [transition];
    }

    /// <summary>Takes up an alarm still open from before a restart (see <see cref="ConditionTracker.Restore"/>).</summary>
    public bool Restore(AlarmCondition condition, DateTimeOffset since, double? peak)
    {
        var tracker = condition switch
        {
            AlarmCondition.AboveRange => _above,
            AlarmCondition.BelowRange => _below,
            AlarmCondition.NearUpperLimit => _nearUpper,
            AlarmCondition.NearLowerLimit => _nearLower,
            AlarmCondition.RateOfChange => _rate,
            AlarmCondition.PredictedBreach => _predicted,
            AlarmCondition.ExcursionBudgetExceeded => _budgetExceeded,
            AlarmCondition.SensorFault => _fault,
            AlarmCondition.StaleData => _stale,
            AlarmCondition.DoorOpenTooLong => _door,
            _ => null,
        };
        tracker?.Restore(since, peak);
        if (condition == AlarmCondition.DoorOpenTooLong)
        {
            _doorOpenNow = true;
        }

        return tracker is not null;
    }

    private void EvaluateLimits(List<AlarmTransition> transitions, DateTimeOffset at, double v, bool late)
    {
        var p = _profile;
        var defrost = p.DefrostWindows.FirstOrDefault(w => w.Covers(at, p.TimeZone));

        // A planned defrost suppresses the upper-limit alarms up to its allowance, and nothing else.
        // Warnings first: on the tick both fire, the warning reads before the alarm.
        var upperSuppressed = defrost is not null && v <= defrost.MaxTemperature;
        var reason = Describe(v);
        if (p.WarningBand > 0)
        {
            Add(transitions, _nearUpper.Update(holds: v > p.High - p.WarningBand && !upperSuppressed, clears: v <= p.High - p.WarningBand - p.Hysteresis, at, v, late, reason));
            Add(transitions, _nearLower.Update(holds: v < p.Low + p.WarningBand, clears: v >= p.Low + p.WarningBand + p.Hysteresis, at, v, late, reason));
        }

        Add(transitions, _above.Update(holds: v > p.High && !upperSuppressed, clears: v <= p.High - p.Hysteresis, at, v, late, reason));
        Add(transitions, _below.Update(holds: v < p.Low, clears: v >= p.Low + p.Hysteresis, at, v, late, reason));
    }

    private void EvaluateTrend(List<AlarmTransition> transitions, DateTimeOffset at, double v, bool late)
    {
        _trend.Add(at, v);
        if (_trend.SlopePerMinute() is not { } slope)
        {
            return;
        }

        var p = _profile;
        var slopeText = slope.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
        if (p.MaxRatePerMinute is { } maxRate)
        {
            var rate = Math.Abs(slope);
            Add(transitions, _rate.Update(holds: rate > maxRate, clears: rate <= maxRate * 0.8, at, v, late, $"changing at {slopeText} °C/min"));
        }

        if (p.PredictionLead is { } lead)
        {
            var inDefrost = p.DefrostWindows.Any(w => w.Covers(at, p.TimeZone));
            var minutesToBreach = slope switch
            {
                > 0 when v <= p.High && !inDefrost => (p.High - v) / slope,
                < 0 when v >= p.Low => (v - p.Low) / -slope,
                _ => double.PositiveInfinity,
            };
            var holds = minutesToBreach <= lead.TotalMinutes;
            var clears = minutesToBreach > lead.TotalMinutes * 1.5 || v > p.High || v < p.Low;
            Add(transitions, _predicted.Update(holds, clears, at, v, late, string.Create(CultureInfo.InvariantCulture, $"at {slopeText} °C/min a limit is reached in {minutesToBreach:0} min")));
        }
    }

    private void EvaluateBudget(List<AlarmTransition> transitions, DateTimeOffset at, double v, bool late)
    {
        var p = _profile;
        _budget.Add(at, v > p.High || v < p.Low);
        if (p.ExcursionBudget is { } budget)
        {
            var used = _budget.Used;
            Add(transitions, _budgetExceeded.Update(holds: used > budget, clears: used <= budget, at, v, late, string.Create(CultureInfo.InvariantCulture, $"{used.TotalMinutes:0} min out of range in the last {p.BudgetWindow.TotalHours:0} h; budget {budget.TotalMinutes:0} min")));
        }
    }

    private string Describe(double v) => string.Create(CultureInfo.InvariantCulture, $"{v:0.0#} °C against {_profile.Low:0.#}…{_profile.High:0.#} °C");

    private static void Add(List<AlarmTransition> transitions, AlarmTransition? transition)
    {
        if (transition is not null)
        {
            transitions.Add(transition);
        }
    }
}
