using System.Text.RegularExpressions;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Profiles;

public static partial class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/profiles").WithTags("Temperature profiles");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("ListTemperatureProfiles")
            .WithSummary("Every temperature profile: limits, warning band, delays, budgets, acceptance limits, recording intervals.");
        api.MapPut("/{id}", PutAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutTemperatureProfile")
            .WithSummary("Creates or changes a temperature profile (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<TemperatureProfile>>> ListAsync(PlatformDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Set<TemperatureProfile>().AsNoTracking().OrderBy(p => p.Id).ToListAsync(cancellationToken));

    private static async Task<Results<Ok<TemperatureProfile>, Created<TemperatureProfile>, ValidationProblem>> PutAsync(
        string id, TemperatureProfile request, HttpContext context, PlatformDbContext db, AuditTrail audit, AlarmDirectory alarms, CancellationToken cancellationToken)
    {
        var change = await SaveAsync(id, request, db, audit, alarms, AuditActor.From(context), cancellationToken);
        if (!change.Valid)
        {
            return TypedResults.ValidationProblem(change.Errors, title: "the temperature profile is not valid");
        }

        return change.Created ? TypedResults.Created($"/api/profiles/{id}", change.Value) : TypedResults.Ok(change.Value);
    }

    /// <summary>Validates, creates or changes the profile and records it in the audit trail (the API and the admin pages).</summary>
    public static async Task<AuditedChange<TemperatureProfile>> SaveAsync(
        string id, TemperatureProfile request, PlatformDbContext db, AuditTrail audit, AlarmDirectory alarms, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var errors = Validate(id, request);
        if (errors.Count > 0)
        {
            return AuditedChange<TemperatureProfile>.Invalid(errors);
        }

        var profile = await db.Set<TemperatureProfile>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        var before = profile is null ? null : AuditJson.Serialize(profile);
        if (profile is null)
        {
            profile = new TemperatureProfile { Id = id };
            db.Add(profile);
        }

        db.Entry(profile).CurrentValues.SetValues(request);
        profile.Id = id;
        await audit.RecordAsync(db, actor, before is null ? "profile.create" : "profile.update", "profile", id,
            before is null ? null : System.Text.Json.JsonDocument.Parse(before).RootElement, profile, cancellationToken: cancellationToken);
        alarms.RequestRefresh(); // the running alarm monitor applies the change at its next tick
        return new AuditedChange<TemperatureProfile>(profile, before is null, new Dictionary<string, string[]>());
    }

    internal static Dictionary<string, string[]> Validate(string id, TemperatureProfile p)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];
        if (!IdPattern().IsMatch(id))
        {
            Add("id", "letters, digits, '_', '.', '-', at most 64 characters");
        }

        if (string.IsNullOrWhiteSpace(p.Name))
        {
            Add("name", "a name is required");
        }

        if (p.Min is null && p.Max is null)
        {
            Add("max", "give at least one limit");
        }
        else if (p.Min >= p.Max)
        {
            Add("min", $"must be below max ({p.Max})");
        }

        if (p.AcceptMin > p.Min || p.AcceptMax < p.Max)
        {
            Add("acceptMax", "acceptance limits may be looser than the transport limits, not tighter");
        }

        if (p.WarningBand < 0 || p.Hysteresis < 0 || p.MaxProductChange < 0)
        {
            Add("warningBand", "warning band, hysteresis and product change are not negative");
        }

        if (p.AlarmDelay < TimeSpan.Zero || p.LongestExcursion < TimeSpan.Zero || p.CumulativeExcursion < p.LongestExcursion)
        {
            Add("cumulativeExcursion", "delays are not negative and the cumulative budget is at least the longest single excursion");
        }

        if (p.RecordingInterval <= TimeSpan.Zero || p.RecordingIntervalOutOfRange <= TimeSpan.Zero || p.RecordingIntervalOutOfRange > p.RecordingInterval)
        {
            Add("recordingIntervalOutOfRange", "recording intervals are positive and out of range records at least as often as in range");
        }

        return errors;
    }

    [GeneratedRegex(RegistryIds.Pattern)]
    private static partial Regex IdPattern();
}
