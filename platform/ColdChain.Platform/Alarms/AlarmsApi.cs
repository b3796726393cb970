using System.Security.Claims;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Alarms;

public static class AlarmsApi
{
    public const int MaxItems = 1000;

    public sealed record AcknowledgeRequest(string? Comment);

    public static IEndpointRouteBuilder MapAlarmsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alarms").WithTags("Alarms");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ReadAlarms)
            .WithName("ListAlarms")
            .WithSummary("Alarms the caller may see, unacknowledged first, then newest; state=open|unacknowledged|all (default open), asset, from/to (overlapping the period).");
        api.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.ReadAlarms)
            .WithName("GetAlarm")
            .WithSummary("One alarm with its history: raised, notified, delivery failed, escalated, acknowledged, cleared.");
        api.MapPost("/{id:guid}/ack", AcknowledgeAsync)
            .RequireAuthorization(Policies.AcknowledgeAlarms)
            .WithName("AcknowledgeAlarm")
            .WithSummary("Acknowledges an alarm with a mandatory comment (audited); stops its escalation.");
        return app;
    }

    private static async Task<Results<Ok<List<AlarmItem>>, BadRequest<ProblemDetailsBody>>> ListAsync(
        HttpContext context, PlatformDbContext db, TimeProvider time, string? state, string? asset, string? from, string? to, CancellationToken cancellationToken)
    {
        if (!InstantParameter.TryParse(from, "from", DateTimeOffset.MinValue, out var fromAt, out var error)
            || !InstantParameter.TryParse(to, "to", DateTimeOffset.MaxValue, out var toAt, out error))
        {
            return TypedResults.BadRequest(error!);
        }

        var alarms = Visible(db, context.User);
        switch (state ?? "open")
        {
            case "open":
                alarms = alarms.Where(a => a.EndedAt == null);
                break;
            case "unacknowledged":
                alarms = alarms.Where(a => a.AcknowledgedAt == null);
                break;
            case "all":
                break;
            default:
                return TypedResults.BadRequest(new ProblemDetailsBody("invalid 'state'", $"'{state}' is not one of open, unacknowledged, all"));
        }

        if (!string.IsNullOrEmpty(asset))
        {
            alarms = alarms.Where(a => a.Asset == asset);
        }

        if (fromAt != DateTimeOffset.MinValue)
        {
            var f = fromAt.UtcDateTime;
            alarms = alarms.Where(a => a.EndedAt == null || a.EndedAt >= f);
        }

        if (toAt != DateTimeOffset.MaxValue)
        {
            var t = toAt.UtcDateTime;
            alarms = alarms.Where(a => a.StartedAt < t);
        }

        var items = await alarms
            .OrderBy(a => a.AcknowledgedAt == null ? 0 : 1)
            .ThenByDescending(a => a.StartedAt)
            .Take(MaxItems)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(items.Select(AlarmItem.From).ToList());
    }

    private static async Task<Results<Ok<AlarmDetail>, NotFound<ProblemDetailsBody>>> GetAsync(Guid id, HttpContext context, PlatformDbContext db, CancellationToken cancellationToken)
    {
        if (await Visible(db, context.User).SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } alarm)
        {
            return NotFound(id);
        }

        var history = await db.Set<AlarmHistoryEntry>().AsNoTracking().Where(h => h.AlarmId == id).OrderBy(h => h.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AlarmDetail(AlarmItem.From(alarm), [.. history.Select(h => new AlarmHistoryItem(new DateTimeOffset(h.At, TimeSpan.Zero), h.Kind, h.Actor, h.Detail))]));
    }

    private static async Task<Results<Ok<AlarmItem>, BadRequest<ProblemDetailsBody>, NotFound<ProblemDetailsBody>, Conflict<ProblemDetailsBody>>> AcknowledgeAsync(
        Guid id, AcknowledgeRequest? request, HttpContext context, PlatformDbContext db, AlarmAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        var comment = request?.Comment?.Trim();
        if (string.IsNullOrEmpty(comment) || comment.Length > 2000)
        {
            return TypedResults.BadRequest(new ProblemDetailsBody("a comment is required", "say what was done about the alarm, in 1 to 2000 characters"));
        }

        if (!await Visible(db, context.User).AnyAsync(a => a.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        var user = context.User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity?.Name ?? "unknown";
        var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var (result, alarm) = await acknowledgement.AcknowledgeAsync(
            db, id, userId, string.IsNullOrWhiteSpace(name) ? user.Identity?.Name ?? userId : name, comment, AuditActor.From(context), silenceCab: true, cancellationToken);
        return result switch
        {
            AlarmAcknowledgement.Result.Acknowledged => TypedResults.Ok(AlarmItem.From(alarm!)),
            AlarmAcknowledgement.Result.AlreadyAcknowledged => TypedResults.Conflict(new ProblemDetailsBody("already acknowledged", $"acknowledged by {alarm!.AcknowledgedByName} at {alarm.AcknowledgedAt:O}")),
            _ => NotFound(id),
        };
    }

    /// <summary>The alarms of the assets the caller may see (a driver: their trucks); the rest do not exist for them.</summary>
    private static IQueryable<Alarm> Visible(PlatformDbContext db, ClaimsPrincipal user)
    {
        var alarms = db.Set<Alarm>().AsNoTracking();
        var all = db.Assets.AsNoTracking();
        var visible = all.VisibleTo(user);
        if (ReferenceEquals(visible, all))
        {
            return alarms;
        }

        var ids = visible.Select(a => a.Id);
        return alarms.Where(a => ids.Contains(a.Asset));
    }

    private static NotFound<ProblemDetailsBody> NotFound(Guid id) => TypedResults.NotFound(new ProblemDetailsBody("unknown alarm", $"no alarm has the id '{id}'"));
}
