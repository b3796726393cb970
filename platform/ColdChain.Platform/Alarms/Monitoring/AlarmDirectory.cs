using ColdChain.Ingest.Alarms;
using ColdChain.Platform.Alarms.Defrost;
using ColdChain.Platform.Alarms.Escalation;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms.Monitoring;

/// <summary>
/// What the alarm rules and notices need from the registry, read in one go and refreshed periodically: each asset's
/// profile, site and driver, and each site's people and escalation policy. Reading the database per message would cap the monitor at the
/// database's pace.
/// </summary>
public sealed class AlarmDirectory(IServiceScopeFactory scopes, IOptions<AlarmOptions> options)
{
    private static readonly string[] LevelNames = ["driver", "operator on duty", "QA manager"];

    private volatile Snapshot _snapshot = new([], [], [], []);
    private int _refreshRequested;
    private int _version;

    public static int TopLevel => LevelNames.Length - 1;

    public static string LevelName(int level) => LevelNames[Math.Clamp(level, 0, TopLevel)];

    /// <summary>Counts the refreshes: the monitor re-applies the rules to the sensors it knows when it moves.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>A registry change people made (a profile, a defrost plan, an escalation policy): the monitor and the escalator read the registry at their next tick.</summary>
    public void RequestRefresh() => Volatile.Write(ref _refreshRequested, 1);

    /// <summary>True once per <see cref="RequestRefresh"/> (the caller then refreshes).</summary>
    public bool TakeRefreshRequest() => Interlocked.Exchange(ref _refreshRequested, 0) == 1;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var profiles = await db.TemperatureProfiles.AsNoTracking().ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, cancellationToken);
        var sites = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
        var assets = await db.Assets.AsNoTracking().Select(a => new AssetFacts(a.Id, a.Site, a.Parent, a.AssignedDriverId, a.Profile, a.Kind)).ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);
        var driverIds = assets.Values.Select(a => a.DriverId).OfType<string>().Distinct().ToList();
        var drivers = await db.Users.AsNoTracking().Where(u => driverIds.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, StringComparer.Ordinal, cancellationToken);
        var defrosts = (await db.Set<PlannedDefrost>().AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(d => d.Asset, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DefrostWindow>)[.. g.OrderBy(d => d.Start).Select(d => d.ToRule())], StringComparer.Ordinal);
        var members = await EscalationPolicy.RoleMembersAsync(db, cancellationToken);
        var chains = (await db.Set<EscalationStep>().AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(s => s.Site, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Chain.Of([.. g.OrderBy(s => s.Level)], members), StringComparer.Ordinal);
        _snapshot = new Snapshot(profiles, sites.ToDictionary(s => s.Key, s => s.Value.AlarmContacts, StringComparer.Ordinal), assets, drivers)
        {
            Zones = sites.ToDictionary(s => s.Key, s => s.Value.TimeZone, StringComparer.Ordinal),
            Defrosts = defrosts,
            Chains = chains,
        };
        Interlocked.Increment(ref _version);
    }

    /// <summary>
    /// The rules an asset is judged by: an override in <c>Alarms:AssetProfiles</c> (its own or its parent's), else the
    /// registry's answer (<see cref="AssetProfiles"/>), else <c>Alarms:DefaultProfile</c> for an asset not registered yet.
    /// </summary>
    public AlarmProfile ProfileFor(string asset)
    {
        var settings = options.Value;
        var snapshot = _snapshot;
        var known = snapshot.Assets.TryGetValue(asset, out var facts);
        var parentFacts = known && facts!.Parent is { } parentId ? snapshot.Assets.GetValueOrDefault(parentId) : null;
        var id = ConfiguredProfile(asset)
            ?? (parentFacts is not null ? ConfiguredProfile(parentFacts.Id) : null)
            ?? (known ? facts!.Profile ?? parentFacts?.Profile ?? AssetProfiles.PresetFor(parentFacts?.Kind ?? facts.Kind) : null)
            ?? settings.DefaultProfile;
        // Before the registry has been read (or for a preset not yet seeded) the presets stand in: never no rules.
        var profile = snapshot.Profiles.GetValueOrDefault(id) ?? Preset(id)
            ?? snapshot.Profiles.GetValueOrDefault(settings.DefaultProfile) ?? Preset(settings.DefaultProfile) ?? ProfilePresets.All[0];
        var zone = snapshot.Assets.TryGetValue(asset, out var a) && snapshot.Zones.TryGetValue(a.Site, out var name) ? Zone(name) : TimeZoneInfo.Utc;

        // A compartment without a defrost plan of its own defrosts with its parent's unit.
        var defrosts = snapshot.Defrosts.GetValueOrDefault(asset) ?? (parentFacts is not null ? snapshot.Defrosts.GetValueOrDefault(parentFacts.Id) : null) ?? [];
        return ToRules(profile, settings, zone) with { DefrostWindows = defrosts };
    }

    /// <summary>
    /// Who is told at <paramref name="level"/> of the site's policy (<see cref="EscalationPolicy"/>); level 0 is the
    /// truck's driver (else the policy's first line) and the site's designated contacts.
    /// </summary>
    public IReadOnlyList<string> Recipients(int level, string site, string asset)
    {
        var snapshot = _snapshot;
        var chain = ChainOf(snapshot, site);
        var people = new List<string>();
        if (level == 0)
        {
            people.AddRange(DriverOf(snapshot, asset) is { } driver ? [driver] : chain.People[0]);
            people.AddRange(snapshot.Contacts.GetValueOrDefault(site) ?? []);
        }
        else
        {
            people.AddRange(chain.People[Math.Min(level, TopLevel)]);
        }

        return [.. people.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>How long an alarm of <paramref name="site"/> stays unacknowledged at the level below before it escalates to <paramref name="level"/>.</summary>
    public TimeSpan EscalationDelay(int level, string site) => ChainOf(_snapshot, site).Delays[Math.Clamp(level, 1, TopLevel)];

    /// <summary>No alarm of any site escalates sooner than this after its last step.</summary>
    public TimeSpan ShortestEscalationDelay =>
        _snapshot.Chains.Values.SelectMany(c => c.Delays.Skip(1)).Append(options.Value.AcknowledgeWithin).Min();

    public static AlarmProfile ToRules(TemperatureProfile profile, AlarmOptions settings, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(settings);
        return new AlarmProfile
        {
            Low = profile.Min ?? double.NegativeInfinity,
            High = profile.Max ?? double.PositiveInfinity,
            WarningBand = profile.WarningBand,
            AlarmDelay = profile.AlarmDelay,
            Hysteresis = profile.Hysteresis,
            ExcursionBudget = profile.CumulativeExcursion > TimeSpan.Zero ? profile.CumulativeExcursion : null,
            ExpectedInterval = profile.RecordingInterval > TimeSpan.Zero ? profile.RecordingInterval : TimeSpan.FromMinutes(1),
            StaleAfterIntervals = settings.StaleAfterIntervals,
            MaxDoorOpen = settings.MaxDoorOpen,
            PredictionLead = settings.PredictionLead,
            LateAfter = settings.LateAfter,
            TimeZone = zone,
        };
    }

    private static TemperatureProfile? Preset(string id) => ProfilePresets.All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    private string? ConfiguredProfile(string asset) =>
        options.Value.AssetProfiles.FirstOrDefault(p => string.Equals(p.Asset, asset, StringComparison.Ordinal))?.Profile;

    private static string? DriverOf(Snapshot snapshot, string asset)
    {
        if (!snapshot.Assets.TryGetValue(asset, out var facts))
        {
            return null;
        }

        var driverId = facts.DriverId ?? (facts.Parent is { } parent && snapshot.Assets.TryGetValue(parent, out var p) ? p.DriverId : null);
        return driverId is null ? null : snapshot.Drivers.GetValueOrDefault(driverId);
    }

    private Chain ChainOf(Snapshot snapshot, string site)
    {
        if (snapshot.Chains.GetValueOrDefault(site) is { } stored)
        {
            return stored;
        }

        var settings = options.Value;
        var configured = settings.EscalationFor(site);
        return new Chain(
            [configured?.FirstLine ?? [], configured?.OperatorsOnDuty ?? [], configured?.QaManagers ?? []],
            [TimeSpan.Zero, settings.AcknowledgeWithin, settings.AcknowledgeWithin]);
    }

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Per level (0 to <see cref="TopLevel"/>) who is told and how long after the previous step.</summary>
    private sealed record Chain(IReadOnlyList<IReadOnlyList<string>> People, IReadOnlyList<TimeSpan> Delays)
    {
        public static Chain Of(IReadOnlyList<EscalationStep> steps, ILookup<(string Site, string Role), string> members) => new(
            [.. steps.Select(s => (IReadOnlyList<string>)[.. s.Recipients, .. s.Roles.SelectMany(r => members[(s.Site, r)])])],
            [.. steps.Select(s => s.Delay)]);
    }

    private sealed record AssetFacts(string Id, string Site, string? Parent, string? DriverId, string? Profile, Registry.AssetKind Kind);

    private sealed record Snapshot(
        Dictionary<string, TemperatureProfile> Profiles,
        Dictionary<string, List<string>> Contacts,
        Dictionary<string, AssetFacts> Assets,
        Dictionary<string, string> Drivers)
    {
        public Dictionary<string, string> Zones { get; init; } = [];

        public Dictionary<string, IReadOnlyList<DefrostWindow>> Defrosts { get; init; } = [];

        public Dictionary<string, Chain> Chains { get; init; } = [];
    }
}
