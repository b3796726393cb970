using System.Globalization;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Alarms.Defrost;

/// <summary>An asset's planned defrosts: read with the registry, replaced as a whole by an admin (audited), applied by the alarm monitor within a tick.</summary>
public static class DefrostPlanApi
{
    public const int MaxWindows = 12;
    public const int MaxMinutes = 240;

    /// <param name="Start">Local time of day at the asset's site, <c>HH:mm</c>.</param>
    public sealed record DefrostWindowItem(string? Start, int? DurationMinutes, int? RecoveryMinutes, double? MaxTemperature);

    public sealed record DefrostPlanRequest(List<DefrostWindowItem>? Windows);

    /// <param name="Occurrences">With <c>from</c> and <c>to</c>: each planned defrost in that period, in UTC (the asset chart shades them).</param>
    public sealed record DefrostPlanResponse(string Asset, string TimeZone, List<DefrostWindowItem> Windows, List<DefrostSpan>? Occurrences = null);

    public sealed record DefrostSpan(DateTimeOffset Start, DateTimeOffset DefrostEnd, DateTimeOffset End, double MaxTemperature);

    /// <summary>The longest period <c>from</c>/<c>to</c> may span.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(400);

    public static IEndpointRouteBuilder MapDefrostPlanApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assets/{id}/defrost-plan").WithTags("Assets");
        api.MapGet("/", GetAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("GetDefrostPlan")
            .WithSummary("The asset's planned daily defrosts (start in the site's local time, duration, recovery, highest allowed °C); with from/to also each occurrence in that period, in UTC.");
        api.MapPut("/", PutAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutDefrostPlan")
            .WithSummary("Replaces the asset's planned defrosts (Admin, audited); the alarm monitor applies them without a restart. An empty list removes the plan.");
        return app;
    }

    private static async Task<Results<Ok<DefrostPlanResponse>, NotFound<ProblemDetailsBody>, BadRequest<ProblemDetailsBody>>> GetAsync(
        string id, string? from, string? to, HttpContext context, PlatformDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Assets.AsNoTracking().VisibleTo(context.User).SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } asset)
        {
            return UnknownAsset(id);
        }

        List<DefrostSpan>? occurrences = null;
        if (from is not null || to is not null)
        {
            if (!InstantParameter.TryParse(from, "from", DateTimeOffset.MinValue, out var fromAt, out var error)
                || !InstantParameter.TryParse(to, "to", DateTimeOffset.MinValue, out var toAt, out error))
            {
                return TypedResults.BadRequest(error!);
            }

            if (from is null || to is null || toAt <= fromAt || toAt - fromAt > MaxPeriod)
            {
                return TypedResults.BadRequest(new ProblemDetailsBody("invalid period", $"give both 'from' and 'to', 'to' after 'from', at most {MaxPeriod.TotalDays:0} days apart"));
            }

            occurrences = [.. (await DefrostPlan.OccurrencesAsync(db, id, fromAt, toAt, cancellationToken)).Select(o => new DefrostSpan(o.Start, o.DefrostEnd, o.End, o.MaxTemperature))];
        }

        return TypedResults.Ok(await PlanAsync(db, asset, cancellationToken) with { Occurrences = occurrences });
    }

    /// <summary>The asset's own planned defrosts (not its parent's) and its site's time zone.</summary>
    public static async Task<DefrostPlanResponse> PlanAsync(PlatformDbContext db, Asset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(asset);
        var windows = await db.Set<PlannedDefrost>().AsNoTracking().Where(d => d.Asset == asset.Id).OrderBy(d => d.Start).ToListAsync(cancellationToken);
        return new DefrostPlanResponse(asset.Id, await ZoneOfAsync(db, asset.Site, cancellationToken), [.. windows.Select(Item)]);
    }

    private static async Task<Results<Ok<DefrostPlanResponse>, NotFound<ProblemDetailsBody>, ValidationProblem>> PutAsync(
        string id, DefrostPlanRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, AlarmDirectory directory, CancellationToken cancellationToken)
    {
        if (await db.Assets.AsNoTracking().VisibleTo(context.User).SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } asset)
        {
            return UnknownAsset(id);
        }

        var change = await SaveAsync(asset, request, db, audit, directory, AuditActor.From(context), cancellationToken);
        return change.Valid ? TypedResults.Ok(change.Value) : TypedResults.ValidationProblem(change.Errors, title: "the defrost plan is not valid");
    }

    /// <summary>Validates and replaces the asset's plan, audited, and asks the running alarm monitor to apply it (the API and the admin assets page).</summary>
    public static async Task<AuditedChange<DefrostPlanResponse>> SaveAsync(
        Asset asset, DefrostPlanRequest request, PlatformDbContext db, AuditTrail audit, AlarmDirectory directory, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(directory);
        var profile = (await AssetProfiles.ForAsync(db, [asset], cancellationToken)).GetValueOrDefault(asset.Id);
        var (windows, errors) = Validate(request, profile);
        if (errors.Count > 0)
        {
            return AuditedChange<DefrostPlanResponse>.Invalid(errors);
        }

        var existing = await db.Set<PlannedDefrost>().Where(d => d.Asset == asset.Id).OrderBy(d => d.Start).ToListAsync(cancellationToken);
        var before = existing.Select(Item).ToList();
        db.Set<PlannedDefrost>().RemoveRange(existing);
        foreach (var window in windows)
        {
            window.Asset = asset.Id;
            db.Set<PlannedDefrost>().Add(window);
        }

        var after = windows.Select(Item).ToList();
        await audit.RecordAsync(db, actor, "asset.defrost_plan", "asset", asset.Id, before, after, cancellationToken: cancellationToken);
        directory.RequestRefresh();
        return new AuditedChange<DefrostPlanResponse>(new DefrostPlanResponse(asset.Id, await ZoneOfAsync(db, asset.Site, cancellationToken), after), false, new Dictionary<string, string[]>());
    }

    internal static (List<PlannedDefrost> Windows, Dictionary<string, string[]> Errors) Validate(DefrostPlanRequest request, TemperatureProfile? profile)
    {
        var errors = new Dictionary<string, string[]>();
        var windows = new List<PlannedDefrost>();
        if (request.Windows is not { } items)
        {
            errors["windows"] = ["a list of windows is required (an empty list removes the plan)"];
            return (windows, errors);
        }

        if (items.Count > MaxWindows)
        {
            errors["windows"] = [$"at most {MaxWindows} defrosts a day"];
            return (windows, errors);
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var problems = new List<string>();
            if (!TimeOnly.TryParseExact(item?.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                problems.Add($"start '{item?.Start}' is not a local time of day as HH:mm (00:00 to 23:59)");
            }

            if (item?.DurationMinutes is not (>= 1 and <= MaxMinutes))
            {
                problems.Add($"durationMinutes must be 1 to {MaxMinutes}");
            }

            if (item?.RecoveryMinutes is not (>= 0 and <= MaxMinutes))
            {
                problems.Add($"recoveryMinutes must be 0 to {MaxMinutes}");
            }

            if (item?.MaxTemperature is not { } max || !double.IsFinite(max) || max is < -60 or > 60)
            {
                problems.Add("maxTemperature (°C, -60 to 60) is required");
            }
            else if (profile?.Max is { } limit && max <= limit)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"maxTemperature {max} °C is not above the upper limit of profile '{profile.Id}' ({limit} °C): it would suppress nothing"));
            }

            if (problems.Count > 0)
            {
                errors[$"windows[{i}]"] = [.. problems];
                continue;
            }

            windows.Add(new PlannedDefrost
            {
                Start = start,
                Duration = TimeSpan.FromMinutes(item!.DurationMinutes!.Value),
                Recovery = TimeSpan.FromMinutes(item.RecoveryMinutes!.Value),
                MaxTemperature = item.MaxTemperature!.Value,
            });
        }

        if (errors.Count == 0)
        {
            // Daily, so the last window of the day must also end before the first of the next day starts.
            windows.Sort((a, b) => a.Start.CompareTo(b.Start));
            for (var i = 0; i < windows.Count && windows.Count > 1; i++)
            {
                var current = windows[i];
                var next = windows[(i + 1) % windows.Count];
                var gap = next.Start.ToTimeSpan() - current.Start.ToTimeSpan();
                if (gap <= TimeSpan.Zero)
                {
                    gap += TimeSpan.FromDays(1);
                }

                if (current.Duration + current.Recovery > gap)
                {
                    errors["windows"] = [$"the defrost at {current.Start:HH:mm} (with its recovery) overlaps the one at {next.Start:HH:mm}"];
                    break;
                }
            }
        }

        return (windows, errors);
    }

    private static DefrostWindowItem Item(PlannedDefrost d) =>
        new(d.Start.ToString("HH:mm", CultureInfo.InvariantCulture), (int)d.Duration.TotalMinutes, (int)d.Recovery.TotalMinutes, d.MaxTemperature);

    private static async Task<string> ZoneOfAsync(PlatformDbContext db, string site, CancellationToken cancellationToken) =>
        await db.Sites.AsNoTracking().Where(s => s.Id == site).Select(s => s.TimeZone).FirstOrDefaultAsync(cancellationToken) ?? "UTC";

    private static NotFound<ProblemDetailsBody> UnknownAsset(string id) => TypedResults.NotFound(new ProblemDetailsBody("unknown asset", $"no asset has the id '{id}'"));
}
