using ColdChain.Ingest.Storage;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Sensors;
using ColdChain.Protocol.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Readings;

/// <summary>Chart data for one asset: downsampled on the server so that 30 days cost the browser about one point per pixel.</summary>
public static class SeriesApi
{
    public const int DefaultPoints = 800;
    public const int MaxPoints = 4000;

    public static IEndpointRouteBuilder MapSeriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/assets/{id}/series", GetSeriesAsync)
            .WithTags("Readings")
            .RequireAuthorization(Policies.ReadReadings)
            .WithName("GetAssetSeries")
            .WithSummary("Chart data of one asset in [from, to) (default the last 24 h, at most 31 days): per sensor the lowest and highest value of each of `points` buckets (default 800), nulls at gaps, statistics over every reading, the profile limits and the alarms in the window.");
        return app;
    }

    private static async Task<Results<Ok<SeriesResponse>, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>>> GetSeriesAsync(
        string id, string? from, string? to, int? points, HttpContext context, PlatformDbContext db, ITelemetryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.AsNoTracking().VisibleTo(context.User).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null)
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown asset", $"no asset has the id '{id}'"));
        }

        var now = time.GetUtcNow();
        if (!InstantParameter.TryParse(from, "from", now.AddDays(-1), out var start, out var fromError))
        {
            return TypedResults.BadRequest(fromError);
        }

        if (!InstantParameter.TryParse(to, "to", now, out var end, out var toError))
        {
            return TypedResults.BadRequest(toError);
        }

        if (end <= start)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("empty window", "'to' must be after 'from'"));
        }

        if (end - start > ReadingsApi.MaxWindow)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("window too long", $"at most {ReadingsApi.MaxWindow.TotalDays:0} days per request"));
        }

        var buckets = points ?? DefaultPoints;
        if (buckets is < 10 or > MaxPoints)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("invalid 'points'", $"between 10 and {MaxPoints}"));
        }

        var readings = await store.QueryAsync(new ReadingQuery(id, start, end), cancellationToken);
        var overdue = await CalibrationStatus.OverdueSensorsAsync(db, id, now, cancellationToken);
        var sensors = readings
            .GroupBy(r => (r.Sensor, r.Quantity))
            .OrderBy(g => g.Key.Quantity).ThenBy(g => g.Key.Sensor, StringComparer.Ordinal)
            .Select(g => Series(g.Key.Sensor, g.Key.Quantity, [.. g], start, end, buckets, overdue.Contains(g.Key.Sensor)))
            .ToList();

        var profiles = await AssetProfiles.ForAsync(db, [asset], cancellationToken);
        var limits = profiles.TryGetValue(asset.Id, out var p) ? new SeriesLimits(p.Id, p.Name, p.Min, p.Max, p.WarningBand) : null;
        var (startUtc, endUtc) = (start.UtcDateTime, end.UtcDateTime);
        var alarms = await db.Set<Alarm>().AsNoTracking()
            .Where(a => a.Asset == id && a.StartedAt < endUtc && (a.EndedAt == null || a.EndedAt > startUtc))
            .OrderBy(a => a.StartedAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new SeriesResponse(start, end, buckets, limits, sensors,
            [.. alarms.Select(a => new SeriesAlarm(a.Id, a.Source, a.Condition, a.Severity, a.State.ToString().ToLowerInvariant(), Utc(a.StartedAt), a.EndedAt is { } e ? Utc(e) : null))]));
    }

    private static SensorSeries Series(string sensor, Quantity quantity, List<StoredReading> readings, DateTimeOffset from, DateTimeOffset to, int buckets, bool calibrationOverdue)
    {
        var values = readings.Where(r => r.Value is not null).Select(r => r.Value!.Value).ToList();
        var points = SeriesDownsampler.Downsample([.. readings.Select(r => new SeriesDownsampler.Point(r.Time, r.Value))], from, to, buckets);
        return new SensorSeries(
            sensor,
            quantity,
            quantity.CanonicalUnit(),
            calibrationOverdue,
            readings.Count,
            values.Count > 0 ? values.Min() : null,
            values.Count > 0 ? values.Max() : null,
            values.Count > 0 ? Math.Round(values.Average(), 2) : null,
            readings.Count - values.Count,
            [.. points.Select(x => x.Time.ToUnixTimeMilliseconds())],
            [.. points.Select(x => x.Value)]);
    }

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));
}
