using System.Globalization;
using System.Text.RegularExpressions;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Protocol.Events;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// The cab's acknowledge button: an <c>alert_acknowledged</c> event naming a cab alert's id acknowledges that alarm in
/// the name of the driver assigned to the truck (its own or its parent's), with a comment naming the cab; the history
/// and the audit trail record it and escalation stops. A gateway acknowledges only alarms it was alerted about.
/// </summary>
public sealed partial class CabAcknowledgements(IServiceScopeFactory scopes, AlarmAcknowledgement acknowledgement, ILogger<CabAcknowledgements> logger)
{
    /// <summary>The alarm ids an events batch acknowledges: the <c>alert_id</c>, or for older gateways "alert {id}" in the detail.</summary>
    public static IReadOnlyList<(Guid AlarmId, GatewayEvent Event)> Acknowledged(EventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var found = new List<(Guid, GatewayEvent)>();
        foreach (var e in batch.Events.Where(e => e.Type == GatewayEventType.AlertAcknowledged))
        {
            if (e.AlertId is { } id)
            {
                if (Guid.TryParse(id, out var alarmId))
                {
                    found.Add((alarmId, e));
                }

                continue;
            }

            foreach (Match match in AlertInDetail().Matches(e.Detail ?? string.Empty))
            {
                found.Add((Guid.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), e));
            }
        }

        return [.. found.DistinctBy(f => f.Item1)];
    }

    /// <returns>How many alarms were acknowledged now (0 when already acknowledged: a redelivered event changes nothing).</returns>
    public async Task<int> ApplyAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var acknowledged = Acknowledged(batch);
        if (acknowledged.Count == 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var count = 0;
        foreach (var (alarmId, e) in acknowledged)
        {
            var alarm = await db.Set<Alarm>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == alarmId, cancellationToken);
            if (alarm is null || alarm.Site != batch.Site || alarm.Gateway != batch.Gateway)
            {
                LogForeignAlert(batch.Site, batch.Gateway, alarmId);
                continue;
            }

            var driver = await DriverOfAsync(db, alarm.Asset, cancellationToken);
            var cab = $"the cab of {alarm.Asset} (gateway {batch.Gateway})";
            var userId = driver?.Id ?? $"gateway:{batch.Gateway}";
            var name = driver is null ? $"{cab}, no driver assigned" : string.IsNullOrWhiteSpace(driver.DisplayName) ? driver.UserName ?? driver.Id : driver.DisplayName;
            var comment = string.Create(CultureInfo.InvariantCulture, $"acknowledged with the button in {cab} at {e.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
            var actor = driver is null
                ? new AuditActor("gateway", batch.Gateway, null)
                : new AuditActor(AuditActor.UserKind, driver.UserName ?? driver.Id, null);
            var (result, _) = await acknowledgement.AcknowledgeAsync(db, alarmId, userId, name, comment, actor, silenceCab: false, cancellationToken);
            db.ChangeTracker.Clear();
            if (result == AlarmAcknowledgement.Result.Acknowledged)
            {
                count++;
                LogAcknowledgedInCab(alarmId, batch.Gateway, name);
            }
        }

        return count;
    }

    private static async Task<Identity.PlatformUser?> DriverOfAsync(PlatformDbContext db, string asset, CancellationToken cancellationToken)
    {
        var facts = await db.Assets.AsNoTracking().Where(a => a.Id == asset).Select(a => new { a.AssignedDriverId, a.Parent }).FirstOrDefaultAsync(cancellationToken);
        var driverId = facts?.AssignedDriverId;
        if (driverId is null && facts?.Parent is { } parent)
        {
            driverId = await db.Assets.AsNoTracking().Where(a => a.Id == parent).Select(a => a.AssignedDriverId).FirstOrDefaultAsync(cancellationToken);
        }

        return driverId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == driverId, cancellationToken);
    }

    [GeneratedRegex(@"\balert ([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\b")]
    private static partial Regex AlertInDetail();

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {AlarmId} acknowledged in the cab of gateway {Gateway} for {Driver}")]
    private partial void LogAcknowledgedInCab(Guid alarmId, string gateway, string driver);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Site}/{Gateway} acknowledged alert {AlarmId}, which is not one of its alarms: ignored")]
    private partial void LogForeignAlert(string site, string gateway, Guid alarmId);
}
