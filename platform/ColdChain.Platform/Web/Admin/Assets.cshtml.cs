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

/// <summary>Cold rooms, freezers, trucks, trailers and compartments with their site, parent, temperature profile and driver, saved through the assets API's change.</summary>
[Authorize(Policy = Policies.WriteRegistry)]
public sealed class AssetsModel(PlatformDbContext db, UserManager<PlatformUser> users, AuditTrail audit, AlarmDirectory alarms) : AdminPageModel
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

    public IReadOnlyList<Asset> Assets { get; private set; } = [];

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public IReadOnlyList<TemperatureProfile> Profiles { get; private set; } = [];

    public IReadOnlyDictionary<string, TemperatureProfile> Effective { get; private set; } = new Dictionary<string, TemperatureProfile>();

    public IReadOnlyList<PlatformUser> Drivers { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public AssetForm Form { get; set; } = new();

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
            Form = new AssetForm { Id = asset.Id, Name = asset.Name, Kind = asset.Kind, Site = asset.Site, Parent = asset.Parent, Profile = asset.Profile, Driver = asset.AssignedDriverId };
        }
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

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Assets = await db.Assets.AsNoTracking().OrderBy(a => a.Site).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        Profiles = await db.TemperatureProfiles.AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken);
        Effective = await AssetProfiles.ForAsync(db, Assets, cancellationToken);
        Drivers = [.. (await users.GetUsersInRoleAsync(Roles.Driver)).OrderBy(u => u.Email)];
    }
}
