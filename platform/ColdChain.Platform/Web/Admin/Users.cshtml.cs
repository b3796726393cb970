using System.Security.Claims;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web.Admin;

/// <summary>
/// People: create with a role, change the role, disable and enable, an operator's sites, a driver's trucks. Each change
/// goes through the code the users, sites and assets APIs use (the last-admin guard, the audit entries included).
/// </summary>
[Authorize(Policy = Policies.ManageAccess)]
public sealed class UsersModel(
    UserManager<PlatformUser> users, PlatformUsers creator, UserAdministration administration, PlatformDbContext db, AuditTrail audit, AlarmDirectory alarms, TimeProvider time) : AdminPageModel
{
    public sealed record Row(PlatformUser User, string Role, bool LockedOut, IReadOnlyList<string> Sites, IReadOnlyList<Asset> Trucks);

    public sealed class NewUser
    {
        public string? Email { get; set; }

        public string? DisplayName { get; set; }

        public string? Role { get; set; }

        public string? Password { get; set; }
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public IReadOnlyList<Site> AllSites { get; private set; } = [];

    public IReadOnlyList<Asset> Vehicles { get; private set; } = [];

    /// <summary>The user whose role, state, sites or trucks are being managed (?user=id).</summary>
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? Selected { get; set; }

    public Row? Managed => Rows.FirstOrDefault(r => r.User.Id == Selected);

    [BindProperty]
    public NewUser Create { get; set; } = new();

    [BindProperty]
    public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var (user, errors) = await creator.CreateAsync(
            Create.Email?.Trim() ?? string.Empty, Create.DisplayName?.Trim() ?? string.Empty, Create.Role ?? string.Empty, Create.Password ?? string.Empty, Actor, cancellationToken);
        if (user is null)
        {
            Fail("user", string.Join(" ", errors));
            await LoadAsync(cancellationToken);
            return Page();
        }

        return Done(user.Email ?? user.Id, new { user = user.Id });
    }

    public Task<IActionResult> OnPostRoleAsync(string role, CancellationToken cancellationToken) =>
        AdministerAsync(administration.ChangeRoleAsync(Selected ?? string.Empty, role, Reason, Actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken) =>
        AdministerAsync(administration.DisableAsync(Selected ?? string.Empty, Reason, Actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken) =>
        AdministerAsync(administration.EnableAsync(Selected ?? string.Empty, Reason, Actor, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostSitesAsync(List<string>? sites, CancellationToken cancellationToken)
    {
        var change = await OperatorSites.SetAsync(Selected ?? string.Empty, new OperatorSites.SitesRequest(sites ?? []), users, db, audit, Actor, cancellationToken);
        return await AnswerAsync(change.Errors, cancellationToken);
    }

    /// <summary>Assigns the ticked trucks to the driver and takes the unticked ones away, each through the assets API's change.</summary>
    public async Task<IActionResult> OnPostTrucksAsync(List<string>? trucks, CancellationToken cancellationToken)
    {
        var driver = Selected ?? string.Empty;
        var wanted = (trucks ?? []).ToHashSet(StringComparer.Ordinal);
        var vehicles = await db.Assets.AsNoTracking().Where(a => a.Kind == AssetKind.Truck || a.Kind == AssetKind.Trailer).ToListAsync(cancellationToken);
        foreach (var vehicle in vehicles)
        {
            var assigned = vehicle.AssignedDriverId == driver;
            if (assigned == wanted.Contains(vehicle.Id))
            {
                continue;
            }

            var request = new AssetsApi.AssetRequest(vehicle.Name, vehicle.Kind, vehicle.Site, vehicle.Parent, assigned ? null : driver, vehicle.Profile);
            var change = await AssetsApi.SaveAsync(vehicle.Id, request, db, users, audit, alarms, Actor, cancellationToken);
            if (!change.Valid)
            {
                return await AnswerAsync(change.Errors, cancellationToken);
            }
        }

        return await AnswerAsync(new Dictionary<string, string[]>(), cancellationToken);
    }

    private async Task<IActionResult> AdministerAsync(Task<(UserAdministration.Outcome Outcome, PlatformUser? User, string? Problem)> change, CancellationToken cancellationToken)
    {
        var (outcome, _, problem) = await change;
        return await AnswerAsync(outcome == UserAdministration.Outcome.Done ? new Dictionary<string, string[]>() : new Dictionary<string, string[]> { ["user"] = [problem ?? outcome.ToString()] }, cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(IReadOnlyDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (errors.Count == 0)
        {
            var user = await users.FindByIdAsync(Selected ?? string.Empty);
            return Done(user?.Email ?? Selected ?? string.Empty, new { user = Selected });
        }

        Fail(errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        AllSites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        Vehicles = await db.Assets.AsNoTracking().Where(a => a.Kind == AssetKind.Truck || a.Kind == AssetKind.Trailer).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var rows = new List<Row>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken))
        {
            var roles = await users.GetRolesAsync(user);
            var claims = await users.GetClaimsAsync(user);
            rows.Add(new Row(
                user,
                roles.FirstOrDefault() ?? string.Empty,
                user.LockoutEnd > now,
                [.. claims.Where(c => c.Type == OperatorSites.ClaimType).Select(c => c.Value).Order(StringComparer.Ordinal)],
                [.. Vehicles.Where(v => v.AssignedDriverId == user.Id)]));
        }

        Rows = rows;
    }

    public static string RoleWord(string role) => role switch
    {
        Roles.ComplianceOfficer => "Compliance officer",
        Roles.Admin => "Administrator", // "Admin" is the navigation word (管理), not the role (管理员)
        _ => role,
    };

    public bool IsMe(Row row) => row.User.Id == User.FindFirstValue(ClaimTypes.NameIdentifier);
}
