namespace ColdChain.Platform.Profiles;

/// <summary>
/// The source of truth for alarm rules and handover acceptance: transport/storage limits with a warning band, how
/// long an excursion may last before it alarms, hysteresis, excursion budgets, acceptance limits at handover (which
/// may be looser), allowed product-temperature change, and recording intervals in and out of range. °C throughout.
/// </summary>
public sealed class TemperatureProfile
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>Lower limit, or null for none (frozen goods have only an upper limit).</summary>
    public double? Min { get; set; }

    public double? Max { get; set; }

    /// <summary>A warning is raised this far inside a limit, before the limit is reached (GSP).</summary>
    public double WarningBand { get; set; }

    /// <summary>How long a value stays out of range before the alarm; zero means at once (EU GDP has no built-in grace).</summary>
    public TimeSpan AlarmDelay { get; set; }

    /// <summary>How far back inside the range a value must come for the alarm to clear.</summary>
    public double Hysteresis { get; set; }

    public TimeSpan LongestExcursion { get; set; }

    public TimeSpan CumulativeExcursion { get; set; }

    public double? AcceptMin { get; set; }

    public double? AcceptMax { get; set; }

    /// <summary>Largest product-temperature change allowed through transport and transfer (the "3 °C" practice), or null.</summary>
    public double? MaxProductChange { get; set; }

    public TimeSpan RecordingInterval { get; set; }

    public TimeSpan RecordingIntervalOutOfRange { get; set; }

    /// <summary>Where the numbers come from, so an auditor can check them.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>A fresh, untracked copy (the presets are shared instances).</summary>
    public TemperatureProfile Copy() => (TemperatureProfile)MemberwiseClone();
}
