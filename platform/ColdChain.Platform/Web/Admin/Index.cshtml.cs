using ColdChain.Platform.Data;
using ColdChain.Platform.Gateways;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Sensors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web.Admin;

/// <summary>The admin start page: what is registered, and what needs attention (overdue calibrations, sites short of alarm contacts, gateways without a credential).</summary>
[Authorize(Policy = Policies.ManageAccess)]
public sealed class IndexModel(PlatformDbContext db, UserManager<PlatformUser> users, TimeProvider time) : AdminPageModel
{
    public sealed record Count(string Title, string Href, int Total, int Attention, string AttentionText);

    public IReadOnlyList<Count> Counts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var sites = await db.Sites.AsNoTracking().ToListAsync(cancellationToken);
        var sensors = await SensorsApi.DescribeAsync(db, db.Assets.AsNoTracking().Select(a => a.Id), time, cancellationToken);
        var gateways = await db.Set<Gateway>().AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var keys = await db.ApiClients.AsNoTracking().ToListAsync(cancellationToken);
        Counts =
        [
            new("Users and roles", "/admin/users", await users.Users.CountAsync(cancellationToken), await users.Users.CountAsync(u => u.DisabledAt != null, cancellationToken), "{0} disabled"),
            new("API keys", "/admin/api-keys", keys.Count, keys.Count(k => k.IsUsableAt(now)), "{0} usable"),
            new("Sites and alarm contacts", "/admin/sites", sites.Count, sites.Count(s => s.AlarmContacts.Distinct(StringComparer.OrdinalIgnoreCase).Count() < Site.MinimumAlarmContacts), "{0} with fewer than 3 alarm contacts"),
            new("Assets", "/admin/assets", await db.Assets.CountAsync(cancellationToken), 0, string.Empty),
            new("Sensors and calibration", "/admin/sensors", sensors.Count, sensors.Count(s => s.CalibrationOverdue), "{0} without a valid calibration"),
            new("Gateways", "/admin/gateways", gateways.Count, gateways.Count(g => !g.CanConnect), "{0} cannot connect"),
            new("Temperature profiles", "/admin/profiles", await db.TemperatureProfiles.CountAsync(cancellationToken), 0, string.Empty),
        ];
    }
}
