namespace ColdChain.Ingest.Alarms;

/// <summary>
/// The alarm rules of a temperature profile for one sensor. Every number is configuration: customers live under
/// different regimes (COMPLIANCE.md); the defaults are a chilled 0–4 °C store.
/// </summary>
public sealed record AlarmProfile
{
    public double Low { get; init; }

    public double High { get; init; } = 4;

    /// <summary>Width of the warning band inside each limit; 0 turns the near-limit warnings off.</summary>
    public double WarningBand { get; init; } = 0.5;

    /// <summary>How long a limit must be crossed before the alarm is raised (EU GDP: no built-in grace; this is configured).</summary>
    public TimeSpan AlarmDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back inside the limit the value must come before the alarm clears: no flapping on noise.</summary>
    public double Hysteresis { get; init; } = 0.3;

    /// <summary>Largest allowed change in °C per minute; null turns the rule off.</summary>
    public double? MaxRatePerMinute { get; init; }

    /// <summary>Warn when the trend projects a breach within this time; null turns prediction off.</summary>
    public TimeSpan? PredictionLead { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How much history the trend is fitted over.</summary>
    public TimeSpan TrendWindow { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Cumulative time out of range allowed within <see cref="BudgetWindow"/>; null turns the rule off.</summary>
    public TimeSpan? ExcursionBudget { get; init; }

    public TimeSpan BudgetWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The recording interval the sensor keeps; gaps longer than twice it are not counted as time in any state.</summary>
    public TimeSpan ExpectedInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>No reading for this many expected intervals raises a stale-data alarm.</summary>
    public int StaleAfterIntervals { get; init; } = 5;

    /// <summary>A door open longer than this raises an alarm; null turns the rule off.</summary>
    public TimeSpan? MaxDoorOpen { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A transition whose measurement time is this much older than its arrival is marked late.</summary>
    public TimeSpan LateAfter { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<DefrostWindow> DefrostWindows { get; init; } = [];

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public TimeSpan StaleAfter => ExpectedInterval * StaleAfterIntervals;
}
