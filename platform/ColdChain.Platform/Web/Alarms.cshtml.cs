using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web;

/// <summary>
/// The alarm inbox: unacknowledged first, then acknowledged ones still going on, then the recently ended ones. Read
/// straight from the alarm table; acknowledging posts to <c>/api/alarms/{id}/ack</c> from the page's script.
/// </summary>
[Authorize(Policy = Policies.ReadAlarms)]
public sealed class AlarmsModel(PlatformDbContext db, TimeProvider time) : PageModel
{
    public const int RecentDays = 7;

    public sealed record Row(Alarm Alarm, Asset Asset, string TimeZone);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public bool CanAcknowledge => Policies.Rules[Policies.AcknowledgeAlarms].Allows(User);

    public static IReadOnlyList<string> ReasonPresets { get; } =
    [
        "Door left open during loading; closed.",
        "Defrost cycle; temperature recovering.",
        "Goods moved to another cold room.",
        "Technician called for the cooling unit.",
        "Sensor checked; reading confirmed.",
        "False alarm: sensor fault, replacement requested.",
    ];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var assets = await db.Assets.AsNoTracking().VisibleTo(User).ToDictionaryAsync(a => a.Id, StringComparer.Ordinal, cancellationToken);
        var ids = assets.Keys.ToList();
        var since = time.GetUtcNow().UtcDateTime.AddDays(-RecentDays);
        var alarms = await db.Set<Alarm>().AsNoTracking()
            .Where(a => ids.Contains(a.Asset) && (a.EndedAt == null || a.EndedAt > since || a.State == AlarmState.Raised))
            .OrderByDescending(a => a.StartedAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        var zones = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TimeZone, StringComparer.Ordinal, cancellationToken);
        Rows = [.. alarms
            .OrderBy(a => Rank(a))
            .ThenByDescending(a => a.Severity == "critical")
            .ThenByDescending(a => a.StartedAt)
            .Select(a => new Row(a, assets[a.Asset], zones.GetValueOrDefault(a.Site) ?? "UTC"))];
    }

    /// <summary>Unacknowledged before acknowledged-but-ongoing before ended.</summary>
    public static int Rank(Alarm alarm) => alarm.State == AlarmState.Raised ? 0 : alarm.EndedAt is null ? 1 : 2;
}
