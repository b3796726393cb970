using System.Globalization;
using System.Text.RegularExpressions;
using ColdChain.Platform.Alarms.Defrost;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web.Admin;

/// <summary>
/// Cold rooms, freezers, trucks, trailers and compartments with their site, parent, temperature profile and driver,
/// saved through the assets API's change; the asset being edited also shows its planned defrosts, saved through the
/// defrost plan API's change.
/// </summary>
[Authorize(Policy = Policies.WriteRegistry)]
public sealed partial class AssetsModel(PlatformDbContext db, UserManager<PlatformUser> users, AuditTrail audit, AlarmDirectory alarms) : AdminPageModel
{
    public sealed class AssetForm
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public AssetKind? Kind { get; set; }

        public string? Site { get; set; }

        public string? Parent { get; set; }

        public string? Profile { get; set; }

        public string? Driver { get; set; }
    }

    public sealed class DefrostForm
    {
        public string? Asset { get; set; }

        public List<WindowForm> Windows { get; set; } = [];
    }

    /// <summary>One planned defrost; a row left empty is no defrost.</summary>
    public sealed class WindowForm
    {
        public string? Start { get; set; }

        public int? DurationMinutes { get; set; }

        public int? RecoveryMinutes { get; set; }

        public double? MaxTemperature { get; set; }

        public bool Empty => string.IsNullOrWhiteSpace(Start) && DurationMinutes is null && RecoveryMinutes is null && MaxTemperature is null;
    }

    public IReadOnlyList<Asset> Assets { get; private set; } = [];

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public IReadOnlyList<TemperatureProfile> Profiles { get; private set; } = [];

    public IReadOnlyDictionary<string, TemperatureProfile> Effective { get; private set; } = new Dictionary<string, TemperatureProfile>();

    public IReadOnlyList<PlatformUser> Drivers { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public AssetForm Form { get; set; } = new();

    [BindProperty]
    public DefrostForm Defrost { get; set; } = new();

    /// <summary>The edited asset's time zone for its defrost plan (set with <see cref="Defrost"/>).</summary>
    public string DefrostZone { get; private set; } = "UTC";

    public bool Editing => Assets.Any(a => a.Id == Form.Id);

    public static string KindWord(AssetKind kind) => kind switch
    {
        AssetKind.ColdRoom => "Cold room",
        AssetKind.Freezer => "Freezer",
        AssetKind.Truck => "Truck",
        AssetKind.Trailer => "Trailer",
        AssetKind.Compartment => "Compartment",
        _ => kind.ToString(),
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Assets.FirstOrDefault(a => a.Id == Edit) is { } asset)
        {
            Form = FormOf(asset);
            var plan = await DefrostPlanApi.PlanAsync(db, asset, cancellationToken);
            DefrostZone = plan.TimeZone;
            // The plan's windows and two empty rows to add to it.
            Defrost = new DefrostForm
            {
                Asset = asset.Id,
                Windows = [.. plan.Windows.Select(w => new WindowForm { Start = w.Start, DurationMinutes = w.DurationMinutes, RecoveryMinutes = w.RecoveryMinutes, MaxTemperature = w.MaxTemperature }), new(), new()],
            };
        }
    }

    public async Task<IActionResult> OnPostDefrostAsync(CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().FirstOrDefaultAsync(a => a.Id == Defrost.Asset, cancellationToken);
        if (asset is null)
        {
            Fail("asset", $"no asset has the id '{Defrost.Asset}'");
            await LoadAsync(cancellationToken);
            return Page();
        }

        // The API numbers the windows it was sent; the page's rows include empty ones, so errors are renumbered to rows.
        var rows = Defrost.Windows.Select((w, row) => (w, row)).Where(x => !x.w.Empty).ToList();
        var request = new DefrostPlanApi.DefrostPlanRequest([.. rows.Select(x => new DefrostPlanApi.DefrostWindowItem(x.w.Start?.Trim(), x.w.DurationMinutes, x.w.RecoveryMinutes, x.w.MaxTemperature))]);
        var change = await DefrostPlanApi.SaveAsync(asset, request, db, audit, alarms, Actor, cancellationToken);
        if (change.Valid)
        {
            return Done(asset.Id, new { edit = asset.Id });
        }

        Fail(change.Errors.ToDictionary(e => WindowIndex().Replace(e.Key, m => $"windows[{rows[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].row}]"), e => e.Value));
        Edit = asset.Id;
        Form = FormOf(asset);
        DefrostZone = (await DefrostPlanApi.PlanAsync(db, asset, cancellationToken)).TimeZone;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new AssetsApi.AssetRequest(Form.Name, Form.Kind, Form.Site, Form.Parent, Form.Driver, Form.Profile);
        var change = await AssetsApi.SaveAsync(Form.Id?.Trim() ?? string.Empty, request, db, users, audit, alarms, Actor, cancellationToken);
        if (change.Valid)
        {
            return Done(change.Value!.Id);
        }

        Fail(change.Errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public string DriverName(string? id) => Drivers.FirstOrDefault(d => d.Id == id) is { } d ? d.Email ?? d.Id : id ?? string.Empty;

    private static AssetForm FormOf(Asset asset) =>
        new() { Id = asset.Id, Name = asset.Name, Kind = asset.Kind, Site = asset.Site, Parent = asset.Parent, Profile = asset.Profile, Driver = asset.AssignedDriverId };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Assets = await db.Assets.AsNoTracking().OrderBy(a => a.Site).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        Profiles = await db.TemperatureProfiles.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        Effective = await AssetProfiles.ForAsync(db, Assets, cancellationToken);
        Drivers = [.. (await users.GetUsersInRoleAsync(Roles.Driver)).OrderBy(u => u.Email)];
    }

    [GeneratedRegex(@"^windows\[(\d+)\]$")]
    private static partial Regex WindowIndex();
}
