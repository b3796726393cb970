using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web.Admin;

/// <summary>Temperature profiles (limits, warning band, delays, budgets, acceptance, recording intervals), saved through the profiles API's change. Durations are entered in minutes.</summary>
[Authorize(Policy = Policies.WriteRegistry)]
public sealed class ProfilesModel(PlatformDbContext db, AuditTrail audit, AlarmDirectory alarms) : AdminPageModel
{
    public sealed class ProfileForm
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public double? Min { get; set; }

        public double? Max { get; set; }

        public double WarningBand { get; set; } = 0.5;

        public double AlarmDelayMinutes { get; set; }

        public double Hysteresis { get; set; } = 0.3;

        public double LongestExcursionMinutes { get; set; } = 30;

        public double CumulativeExcursionMinutes { get; set; } = 60;

        public double? AcceptMin { get; set; }

        public double? AcceptMax { get; set; }

        public double? MaxProductChange { get; set; }

        public double RecordingIntervalMinutes { get; set; } = 5;

        public double RecordingIntervalOutOfRangeMinutes { get; set; } = 1;

        public string? Source { get; set; }

        public static ProfileForm From(TemperatureProfile p) => new()
        {
            Id = p.Id, Name = p.Name, Min = p.Min, Max = p.Max, WarningBand = p.WarningBand, AlarmDelayMinutes = p.AlarmDelay.TotalMinutes, Hysteresis = p.Hysteresis,
            LongestExcursionMinutes = p.LongestExcursion.TotalMinutes, CumulativeExcursionMinutes = p.CumulativeExcursion.TotalMinutes, AcceptMin = p.AcceptMin, AcceptMax = p.AcceptMax,
            MaxProductChange = p.MaxProductChange, RecordingIntervalMinutes = p.RecordingInterval.TotalMinutes, RecordingIntervalOutOfRangeMinutes = p.RecordingIntervalOutOfRange.TotalMinutes, Source = p.Source,
        };

        public TemperatureProfile ToProfile() => new()
        {
            Id = Id?.Trim() ?? string.Empty, Name = Name?.Trim() ?? string.Empty, Min = Min, Max = Max, WarningBand = WarningBand, AlarmDelay = Minutes(AlarmDelayMinutes), Hysteresis = Hysteresis,
            LongestExcursion = Minutes(LongestExcursionMinutes), CumulativeExcursion = Minutes(CumulativeExcursionMinutes), AcceptMin = AcceptMin, AcceptMax = AcceptMax,
            MaxProductChange = MaxProductChange, RecordingInterval = Minutes(RecordingIntervalMinutes), RecordingIntervalOutOfRange = Minutes(RecordingIntervalOutOfRangeMinutes), Source = Source?.Trim() ?? string.Empty,
        };

        private static TimeSpan Minutes(double minutes) => double.IsFinite(minutes) && Math.Abs(minutes) < 1e7 ? TimeSpan.FromMinutes(minutes) : TimeSpan.MinValue;
    }

    public IReadOnlyList<TemperatureProfile> Profiles { get; private set; } = [];

    public IReadOnlyDictionary<string, int> AssetsUsing { get; private set; } = new Dictionary<string, int>();

    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public ProfileForm Form { get; set; } = new();

    public bool Editing => Profiles.Any(p => p.Id == Form.Id);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Profiles.FirstOrDefault(p => p.Id == Edit) is { } profile)
        {
            Form = ProfileForm.From(profile);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var profile = Form.ToProfile();
        var change = await ProfilesApi.SaveAsync(profile.Id, profile, db, audit, alarms, Actor, cancellationToken);
        if (change.Valid)
        {
            return Done(change.Value!.Id);
        }

        Fail(change.Errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Profiles = await db.TemperatureProfiles.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var assets = await db.Assets.AsNoTracking().ToListAsync(cancellationToken);
        var effective = await AssetProfiles.ForAsync(db, assets, cancellationToken);
        AssetsUsing = effective.Values.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}
