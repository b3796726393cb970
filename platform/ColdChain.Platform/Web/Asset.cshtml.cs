using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Sensors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web;

/// <summary>One asset: its chart (data from <c>/api/assets/{id}/series</c>), statistics, sensors and their calibration.</summary>
[Authorize(Policy = Policies.ReadReadings)]
public sealed class AssetModel(PlatformDbContext db, TimeProvider time) : PageModel
{
    public sealed record SensorRow(Sensor Sensor, CalibrationCertificate? Latest, bool Overdue);

    public Asset Asset { get; private set; } = null!;

    public Site Site { get; private set; } = null!;

    public TemperatureProfile? Profile { get; private set; }

    public IReadOnlyList<SensorRow> Sensors { get; private set; } = [];

    public IReadOnlyList<Asset> Compartments { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public bool CanReadReports => User.IsInRole(Roles.Operator) || User.IsInRole(Roles.ComplianceOfficer) || User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().VisibleTo(User).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null)
        {
            return NotFound();
        }

        Asset = asset;
        Now = time.GetUtcNow();
        Site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == asset.Site, cancellationToken) ?? new Site { Id = asset.Site, Name = asset.Site };
        Profile = (await AssetProfiles.ForAsync(db, [asset], cancellationToken)).GetValueOrDefault(asset.Id);
        Compartments = await db.Assets.AsNoTracking().VisibleTo(User).Where(a => a.Parent == id).OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var sensors = await db.Sensors.AsNoTracking().Where(s => s.Asset == id).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var sensorIds = sensors.Select(s => s.Id).ToList();
        var certificates = await db.CalibrationCertificates.AsNoTracking().Where(c => sensorIds.Contains(c.Sensor)).ToListAsync(cancellationToken);
        var overdue = await CalibrationStatus.OverdueSensorsAsync(db, id, Now, cancellationToken);
        Sensors = [.. sensors.Select(s => new SensorRow(s, certificates.Where(c => c.Sensor == s.Id).MaxBy(c => c.DueOn), overdue.Contains(s.Id)))];
        return Page();
    }
}
