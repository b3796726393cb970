using ColdChain.Ingest.Storage;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Registry;
using ColdChain.Protocol.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Web;

/// <summary>One asset as a tile: latest temperature, door, age, trend and status, as the overview and the driver page show it.</summary>
public sealed record AssetTile(
    Asset Asset,
    Site Site,
    TemperatureProfile? Profile,
    StoredReading? Temperature,
    IReadOnlyList<StoredReading> Sensors,
    StoredReading? Door,
    IReadOnlyList<double[]> Trend,
    IReadOnlyList<Alarm> OpenAlarms,
    TileStatus Status)
{
    public DateTimeOffset? LastReading => Sensors.Count == 0 ? null : Sensors.Max(s => s.Time);

    public string? Gateway => Sensors.MaxBy(s => s.Time)?.Gateway;
}

/// <summary>Builds tiles from the registry, the telemetry store (the trend window, or the last day for a silent asset) and the open alarms.</summary>
public sealed class AssetTiles(PlatformDbContext db, ITelemetryStore store, TimeProvider time, IOptions<WebUiOptions> options)
{
    private const int TrendPoints = 60;

    public WebUiOptions Options => options.Value;

    public async Task<IReadOnlyList<AssetTile>> ForAsync(IReadOnlyList<Asset> assets, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var siteIds = assets.Select(a => a.Site).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, cancellationToken);
        var profiles = await AssetProfiles.ForAsync(db, assets, cancellationToken);
        var ids = assets.Select(a => a.Id).ToList();
        var alarms = await db.Set<Alarm>().AsNoTracking()
            .Where(a => ids.Contains(a.Asset) && a.EndedAt == null && a.State != AlarmState.Cleared)
            .OrderByDescending(a => a.StartedAt)
            .ToListAsync(cancellationToken);

        var tiles = new List<AssetTile>(assets.Count);
        foreach (var asset in assets)
        {
            var trendFrom = now - options.Value.TrendWindow;
            var readings = await store.QueryAsync(new ReadingQuery(asset.Id, trendFrom, now.AddMinutes(1)), cancellationToken);
            if (readings.Count == 0)
            {
                readings = await store.QueryAsync(new ReadingQuery(asset.Id, now.AddDays(-1), trendFrom), cancellationToken);
            }

            var latest = readings.GroupBy(r => (r.Sensor, r.Quantity)).Select(g => g.Last()).OrderBy(r => r.Quantity).ThenBy(r => r.Sensor, StringComparer.Ordinal).ToList();
            var temperature = latest.FirstOrDefault(r => r.Quantity == Quantity.Temperature);
            var door = latest.FirstOrDefault(r => r.Quantity == Quantity.Door);
            var trend = temperature is null ? [] : Trend(readings.Where(r => r.Sensor == temperature.Sensor && r.Quantity == Quantity.Temperature && r.Value is not null).ToList());
            profiles.TryGetValue(asset.Id, out var profile);
            var open = alarms.Where(a => a.Asset == asset.Id).ToList();
            var site = sites.GetValueOrDefault(asset.Site) ?? new Site { Id = asset.Site, Name = asset.Site };
            var lastTime = latest.Count == 0 ? (DateTimeOffset?)null : latest.Max(r => r.Time);
            var status = TileStatusRules.Of(lastTime, temperature?.Status, temperature?.Value, profile, open.Count > 0, now, options.Value.OfflineAfter);
            tiles.Add(new AssetTile(asset, site, profile, temperature, latest, door, trend, open, status));
        }

        return tiles;
    }

    /// <summary>At most <see cref="TrendPoints"/> [unix ms, value] pairs: enough for a 200-px line, small enough to inline in the page.</summary>
    private static List<double[]> Trend(List<StoredReading> readings)
    {
        var step = Math.Max(1, readings.Count / TrendPoints);
        var trend = new List<double[]>();
        for (var i = 0; i < readings.Count; i += step)
        {
            trend.Add([readings[i].Time.ToUnixTimeMilliseconds(), readings[i].Value!.Value]);
        }

        if (readings.Count > 0 && (readings.Count - 1) % step != 0)
        {
            trend.Add([readings[^1].Time.ToUnixTimeMilliseconds(), readings[^1].Value!.Value]);
        }

        return trend;
    }
}
