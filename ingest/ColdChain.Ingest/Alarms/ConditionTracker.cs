namespace ColdChain.Ingest.Alarms;

/// <summary>
/// The life of one condition on one sensor, in measurement time: normal → pending (the condition holds, the delay
/// runs) → raised → cleared once the value is back past the hysteresis. A blip shorter than the delay raises
/// nothing; noise around a limit does not flap because holding and clearing are different thresholds.
/// </summary>
internal sealed class ConditionTracker(string sensor, AlarmCondition condition, AlarmSeverity severity, TimeSpan delay, PeakKind peakKind = PeakKind.Highest)
{
    private DateTimeOffset? _since;
    private double? _peak;

    public bool IsRaised { get; private set; }

    /// <summary>How long the condition must hold before it is raised; changes with the profile (a pending condition keeps its start).</summary>
    public TimeSpan Delay { get; set; } = delay;

    /// <param name="holds">The condition is true at <paramref name="at"/>.</param>
    /// <param name="clears">The condition is over, past any hysteresis (a raised alarm ends).</param>
    public AlarmTransition? Update(bool holds, bool clears, DateTimeOffset at, double? value, bool late, string reason)
    {
        if (IsRaised)
        {
            if (clears)
            {
                var cleared = new AlarmTransition(sensor, condition, severity, AlarmTransitionKind.Cleared, at, _since!.Value, value, _peak, late, reason);
                Reset();
                return cleared;
            }

            TrackPeak(value);
            return null;
        }

        if (!holds)
        {
            Reset();
            return null;
        }

        _since ??= at;
        TrackPeak(value);
        if (at - _since.Value < Delay)
        {
            return null;
        }

        IsRaised = true;
        return new AlarmTransition(sensor, condition, severity, AlarmTransitionKind.Raised, at, _since.Value, value, _peak, late, reason);
    }

    /// <summary>
    /// Takes up an alarm that is still open from before a restart, so the next value past the hysteresis clears it
    /// instead of leaving it open for ever (or raising it a second time).
    /// </summary>
    public void Restore(DateTimeOffset since, double? peak)
    {
        IsRaised = true;
        _since = since;
        _peak = peak;
    }

    /// <summary>When the condition started, while it is pending or raised.</summary>
    public DateTimeOffset? Since => _since;

    private void TrackPeak(double? value)
    {
        if (value is not { } v)
        {
            return;
        }

        _peak = _peak is not { } p ? v : peakKind == PeakKind.Highest ? Math.Max(p, v) : Math.Min(p, v);
    }

    private void Reset()
    {
        IsRaised = false;
        _since = null;
        _peak = null;
    }
}

internal enum PeakKind
{
    Highest,
    Lowest,
}
