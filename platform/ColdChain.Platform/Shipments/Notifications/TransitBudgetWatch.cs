using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Shipments.Handovers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>
/// Watches shipments in custody (an open leg) for the excursion budget used up in transit, before any handover check
/// would show it: the cumulative time out of range since the origin, carried across legs exactly as the handover check
/// computes it (<see cref="HandoverAssessor"/> over <see cref="LegEvidenceSource"/>, up to now). When it passes the
/// profile's budget, both custody parties are told once (EU GDP §9.2): the one holding the goods and the one that
/// handed them over (or is about to receive them, if a handover check is pending), plus the order platform.
/// </summary>
public sealed partial class TransitBudgetWatch(
    IServiceScopeFactory scopes,
    DeliveryQueue queue,
    TimeProvider time,
    IOptions<ShipmentsOptions> options,
    ILogger<TransitBudgetWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogScanFailed(e.Message);
            }

            try
            {
                await Task.Delay(options.Value.TransitWatchInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the shipments in custody not yet notified; returns the order references notified now.</summary>
    public async Task<IReadOnlyList<string>> ScanAsync(CancellationToken cancellationToken)
    {
        List<Guid> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            candidates = await db.Set<Shipment>().AsNoTracking()
                .Where(s => s.Legs.Any(l => l.To == null) && !db.Set<TransitBudgetBreach>().Any(b => b.ShipmentId == s.Id))
                .Select(s => s.Id)
                .ToListAsync(cancellationToken);
        }

        var notified = new List<string>();
        foreach (var id in candidates)
        {
            try
            {
                if (await WatchAsync(id, cancellationToken) is { } orderRef)
                {
                    notified.Add(orderRef);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogShipmentFailed(id, e.Message);
            }
        }

        if (notified.Count > 0)
        {
            queue.Wake();
        }

        return notified;
    }

    private async Task<string?> WatchAsync(Guid shipmentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PlatformDbContext>();
        var shipment = await db.Set<Shipment>().AsNoTracking().Include(s => s.Legs).SingleAsync(s => s.Id == shipmentId, cancellationToken);
        var open = shipment.Legs.SingleOrDefault(l => l.To is null);
        var profile = await db.Set<TemperatureProfile>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == shipment.Profile, cancellationToken);
        var now = time.GetUtcNow();
        if (open is null || profile is null || open.From >= now.UtcDateTime)
        {
            return null;
        }

        var limits = HandoverChecks.Limits(profile, options.Value.MinimumCoveragePercent);
        var legs = await services.GetRequiredService<LegEvidenceSource>().GatherAsync(shipment.Legs, now, cancellationToken);

        var assessment = HandoverAssessor.Assess(HandoverChecks.ToHandoverProfile(limits), legs, probe: null);
        if (assessment.CumulativeExcursionSinceOrigin <= limits.CumulativeExcursionAllowed)
        {
            return null;
        }

        var parties = await PartiesAsync(db, shipment, open, cancellationToken);
        db.Add(new TransitBudgetBreach
        {
            ShipmentId = shipment.Id,
            OrderRef = shipment.OrderRef,
            DetectedAt = now.UtcDateTime,
            LegIndex = open.Index,
            Asset = open.Asset,
            Custodian = open.Party,
            Parties = string.Join(',', parties),
            CumulativeSinceOrigin = assessment.CumulativeExcursionSinceOrigin,
            Budget = limits.CumulativeExcursionAllowed,
        });
        await services.GetRequiredService<BreachNotices>().QueueBudgetExceededAsync(shipment, open, legs.Single(l => l.Index == open.Index).ReportedThrough, parties, assessment.CumulativeExcursionSinceOrigin, limits.CumulativeExcursionAllowed, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await AlreadyRecordedAsync(shipment.Id, cancellationToken))
            {
                return null; // another platform instance recorded (and queued) it first
            }

            throw;
        }

        LogBudgetExceeded(shipment.OrderRef, assessment.CumulativeExcursionSinceOrigin.TotalMinutes, limits.CumulativeExcursionAllowed.TotalMinutes, string.Join(", ", parties));
        return shipment.OrderRef;
    }

    /// <summary>The holder of the goods and the party that handed them over, or is about to receive them at a pending handover.</summary>
    private static async Task<List<string>> PartiesAsync(PlatformDbContext db, Shipment shipment, CustodyLeg open, CancellationToken cancellationToken)
    {
        var parties = new List<string> { open.Party };
        if (shipment.Legs.Where(l => l.Index < open.Index).OrderByDescending(l => l.Index).FirstOrDefault() is { } previous)
        {
            parties.Add(previous.Party);
        }

        var pending = await db.Set<HandoverCheck>().AsNoTracking()
            .Where(c => c.ShipmentId == shipment.Id && c.LegIndex == open.Index && c.SupersededBy == null && c.CompletedAt == null)
            .Select(c => c.ToParty)
            .FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            parties.Add(pending);
        }

        return [.. parties.Distinct(StringComparer.Ordinal)];
    }

    private async Task<bool> AlreadyRecordedAsync(Guid shipmentId, CancellationToken cancellationToken)
    {
        await using var fresh = scopes.CreateAsyncScope();
        return await fresh.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<TransitBudgetBreach>().AsNoTracking().AnyAsync(b => b.ShipmentId == shipmentId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Order {OrderRef}: {Minutes:0} min out of range since the origin, over the budget of {Budget:0} min while in transit; notifying {Parties} and the order platform")]
    private partial void LogBudgetExceeded(string orderRef, double minutes, double budget, string parties);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-transit budget watch failed for shipment {ShipmentId}: {Error}")]
    private partial void LogShipmentFailed(Guid shipmentId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "In-transit budget watch pass failed: {Error}")]
    private partial void LogScanFailed(string error);
}
