using System.Globalization;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Sensors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Readings;

public static class ReadingsApi
{
    /// <summary>One request reads at most this window; longer periods are paged by the caller (and reports stream).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    public static IEndpointRouteBuilder MapReadingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/assets/{id}/readings", GetReadings)
            .WithTags("Readings")
            .RequireAuthorization(Policies.ReadReadings)
            .WithName("GetAssetReadings")
            .WithSummary("Readings of one asset in [from, to), ISO-8601 UTC, oldest first; 404 for an asset the caller may not see.");
        return app;
    }

    private static async Task<Results<Ok<IEnumerable<ReadingResponse>>, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>>> GetReadings(
        string id, string? from, string? to, HttpContext context, PlatformDbContext db, ITelemetryStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await db.Assets.AsNoTracking().VisibleTo(context.User).AnyAsync(a => a.Id == id, cancellationToken))
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown asset", $"no asset has the id '{id}'"));
        }

        var now = time.GetUtcNow();
        if (!InstantParameter.TryParse(from, "from", now.AddHours(-1), out var start, out var fromError))
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

        if (end - start > MaxWindow)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("window too long", $"at most {MaxWindow.TotalDays:0} days per request"));
        }

        var readings = await store.QueryAsync(new ReadingQuery(id, start, end), cancellationToken);
        var overdue = await CalibrationStatus.OverdueSensorsAsync(db, id, now, cancellationToken);
        return TypedResults.Ok(readings.Select(r => ReadingResponse.From(r, overdue.Contains(r.Sensor))));
    }
}
