using ColdChain.Ingest.Alarms;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Alarms.Defrost;

/// <summary>The planned defrosts of an asset as the alarm rules apply them, for reports and charts.</summary>
public static class DefrostPlan
{
    /// <summary>
    /// Each planned defrost of <paramref name="asset"/> (its own plan, else its parent's) overlapping
    /// [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in UTC, ordered by start; defrost and recovery together.
    /// </summary>
    public static async Task<IReadOnlyList<DefrostOccurrence>> OccurrencesAsync(
        PlatformDbContext db, string asset, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var facts = await db.Assets.AsNoTracking().Where(a => a.Id == asset).Select(a => new { a.Site, a.Parent }).FirstOrDefaultAsync(cancellationToken);
        if (facts is null || toUtc <= fromUtc)
        {
            return [];
        }

        var plan = await WindowsAsync(db, asset, cancellationToken);
        if (plan.Count == 0 && facts.Parent is { } parent)
        {
            plan = await WindowsAsync(db, parent, cancellationToken);
        }

        if (plan.Count == 0)
        {
            return [];
        }

        var zoneId = await db.Sites.AsNoTracking().Where(s => s.Id == facts.Site).Select(s => s.TimeZone).FirstOrDefaultAsync(cancellationToken);
        var zone = SiteZone(zoneId);
        return [.. plan.SelectMany(w => w.ToRule().Occurrences(zone, fromUtc, toUtc)).OrderBy(o => o.Start)];
    }

    internal static TimeZoneInfo SiteZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private static Task<List<PlannedDefrost>> WindowsAsync(PlatformDbContext db, string asset, CancellationToken cancellationToken) =>
        db.Set<PlannedDefrost>().AsNoTracking().Where(d => d.Asset == asset).OrderBy(d => d.Start).ToListAsync(cancellationToken);
}
