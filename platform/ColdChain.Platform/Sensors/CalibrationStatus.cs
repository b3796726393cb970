using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Sensors;

/// <summary>Which registered sensors have no valid calibration: none recorded, or the latest one's due date has passed.</summary>
public static class CalibrationStatus
{
    public static async Task<HashSet<string>> OverdueSensorsAsync(PlatformDbContext db, string asset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        var sensors = await db.Sensors.AsNoTracking().Where(s => s.Asset == asset).Select(s => s.Id).ToListAsync(cancellationToken);
        var valid = await db.CalibrationCertificates.AsNoTracking()
            .Where(c => sensors.Contains(c.Sensor) && c.DueOn > at)
            .Select(c => c.Sensor)
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. sensors.Except(valid, StringComparer.Ordinal)];
    }
}
