namespace ColdChain.Platform.Profiles;

/// <summary>
/// The profiles every installation starts with (see shared COMPLIANCE notes). Recording every 5 min in range
/// (GSP, transport) and every minute out of range; an installation tightens or loosens them through the API.
/// </summary>
public static class ProfilePresets
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static IReadOnlyList<TemperatureProfile> All { get; } =
    [
        new()
        {
            Id = "chilled-0-4", Name = "Chilled 0–4 °C", Min = 0, Max = 4, WarningBand = 0.5, AlarmDelay = 10 * Minute, Hysteresis = 0.3,
            LongestExcursion = 30 * Minute, CumulativeExcursion = 60 * Minute, AcceptMin = 0, AcceptMax = 7, MaxProductChange = 3,
            RecordingInterval = 5 * Minute, RecordingIntervalOutOfRange = Minute,
            Source = "chilled food practice; acceptance allows the compartment 3 °C beyond range (the '3 °C' practice)",
        },
        new()
        {
            Id = "chilled-below-8", Name = "Chilled < 8 °C (GB/T 24616)", Min = 0, Max = 8, WarningBand = 0.5, AlarmDelay = 10 * Minute, Hysteresis = 0.3,
            LongestExcursion = 30 * Minute, CumulativeExcursion = 60 * Minute, AcceptMin = 0, AcceptMax = 8, MaxProductChange = 3,
            RecordingInterval = 5 * Minute, RecordingIntervalOutOfRange = Minute,
            Source = "GB/T 24616-2019: chilled = below 8 °C and above freezing",
        },
        new()
        {
            Id = "frozen", Name = "Frozen ≤ −18 °C (accept ≤ −15 °C)", Min = null, Max = -18, WarningBand = 1, AlarmDelay = 15 * Minute, Hysteresis = 0.5,
            LongestExcursion = 30 * Minute, CumulativeExcursion = 60 * Minute, AcceptMin = null, AcceptMax = -15, MaxProductChange = 3,
            RecordingInterval = 5 * Minute, RecordingIntervalOutOfRange = Minute,
            Source = "GB/T 24616-2019 frozen ≤ −18 °C; quick-frozen food carried at ≤ −18 °C, accepted at ≤ −15 °C",
        },
        new()
        {
            Id = "pharma-2-8", Name = "Pharma 2–8 °C", Min = 2, Max = 8, WarningBand = 0.5, AlarmDelay = TimeSpan.Zero, Hysteresis = 0.2,
            LongestExcursion = TimeSpan.Zero, CumulativeExcursion = TimeSpan.Zero, AcceptMin = 2, AcceptMax = 8, MaxProductChange = null,
            RecordingInterval = 5 * Minute, RecordingIntervalOutOfRange = Minute,
            Source = "EU GDP 2013/C 343/01 §9.2 (no built-in grace period); China drug GSP recording intervals",
        },
        new()
        {
            Id = "live-crayfish", Name = "Live crayfish 3.3–7.8 °C (38–46 °F), never frozen — site-defined example", Min = 3.3, Max = 7.8, WarningBand = 0.5, AlarmDelay = 15 * Minute, Hysteresis = 0.3,
            LongestExcursion = 30 * Minute, CumulativeExcursion = 90 * Minute, AcceptMin = 2, AcceptMax = 10, MaxProductChange = 3,
            RecordingInterval = 5 * Minute, RecordingIntervalOutOfRange = Minute,
            Source = "Site-defined example, not a regulation. Band: live crawfish in sacks 'can be held in high humidity coolers at 38 to 46 °F for up to several days', gills kept moist, never submerged (secondary: a crawfish dealer's page, thecrawfishcompany.com/pages/transporting-101, reproducing extension-service guidance; the original publication was not found). Acceptance 2–10 °C, delays and budgets are our defaults: confirm all of it with the customer.",
        },
    ];
}
