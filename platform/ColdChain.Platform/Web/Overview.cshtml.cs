using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web;

/// <summary>Every visible asset as a tile, grouped by site; the tiles then follow the live hub.</summary>
[Authorize(Policy = Policies.ReadReadings)]
public sealed class OverviewModel(PlatformDbContext db, AssetTiles tiles) : PageModel
{
    public IReadOnlyList<IGrouping<Site, AssetTile>> Sites { get; private set; } = [];

    public TimeSpan OfflineAfter => tiles.Options.OfflineAfter;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var assets = await db.Assets.AsNoTracking().VisibleTo(User).OrderBy(a => a.Site).ThenBy(a => a.Name).ToListAsync(cancellationToken);
        var built = await tiles.ForAsync(assets, cancellationToken);
        Sites = [.. built.GroupBy(t => t.Site, SiteById.Instance).OrderBy(g => g.Key.Name, StringComparer.CurrentCulture)];
    }

    private sealed class SiteById : IEqualityComparer<Site>
    {
        public static readonly SiteById Instance = new();

        public bool Equals(Site? x, Site? y) => string.Equals(x?.Id, y?.Id, StringComparison.Ordinal);

        public int GetHashCode(Site obj) => StringComparer.Ordinal.GetHashCode(obj.Id);
    }
}
