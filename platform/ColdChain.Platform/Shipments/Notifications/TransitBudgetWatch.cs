using ColdChain.Ingest.Storage;
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
/// computes it (the same <see cref="ExcursionRuns"/>, up to now). When it passes the profile's budget, both custody
/// parties are told once (EU GDP §9.2): the one holding the goods and the one that handed them over (or is about to
/// receive them, if a handover check is pending), plus the order platform, and the cab alert sounds on the gateway
/// the goods are reporting through. Incremental: each pass reads only what was measured since the last (one
/// <see cref="LegTally"/> per leg, in this instance's memory), and judges a leg again from its start when the store's
/// count shows readings landed in what was already judged.
/// </summary>
public sealed partial class TransitBudgetWatch(
    IServiceScopeFactory scopes,
    DeliveryQueue queue,
    LegReadingsCache legReadings,
    TimeProvider time,
    IOptions<ShipmentsOptions> options,
    ILogger<TransitBudgetWatch> logger) : BackgroundService
{
    private readonly Dictionary<Guid, Dictionary<int, LegTally>> _tallies = [];
    private readonly SemaphoreSlim _pass = new(1, 1);

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
        await _pass.WaitAsync(cancellationToken);
        try
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

            foreach (var gone in _tallies.Keys.Except(candidates).ToList())
            {
                _tallies.Remove(gone);
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
                    _tallies.Remove(id);
                    LogShipmentFailed(id, e.Message);
                }
            }

            if (notified.Count > 0)
            {
                queue.Wake();
            }

            return notified;
        }
        finally
        {
            _pass.Release();
        }
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
        var judged = HandoverChecks.ToHandoverProfile(limits);
        var store = services.GetRequiredService<ITelemetryStore>();
        if (!_tallies.TryGetValue(shipmentId, out var tallies))
        {
            _tallies[shipmentId] = tallies = [];
        }

        var cumulative = TimeSpan.Zero;
        foreach (var leg in shipment.Legs.Where(l => l.From < now.UtcDateTime).OrderBy(l => l.Index))
        {
            var from = new DateTimeOffset(leg.From, TimeSpan.Zero);
            var to = leg.To is { } end && end < now.UtcDateTime ? new DateTimeOffset(end, TimeSpan.Zero) : now;
            if (!tallies.TryGetValue(leg.Index, out var tally) || tally.Asset != leg.Asset || tally.From != from || tally.Profile != judged
                || tally.Through > to || !await tally.StillCompleteAsync(store, cancellationToken))
            {
                tallies[leg.Index] = tally = new LegTally(leg.Asset, from, judged);
            }

            await tally.AdvanceAsync(store, to, cancellationToken);
            cumulative += tally.Excursion(to);
        }

        if (cumulative <= limits.CumulativeExcursionAllowed)
        {
            // The handover will check this leg: with its readings kept, the check reads only what came since this pass.
            await legReadings.ReadAsync(store, open.Asset, new DateTimeOffset(open.From, TimeSpan.Zero), now, cancellationToken);
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
            CumulativeSinceOrigin = cumulative,
            Budget = limits.CumulativeExcursionAllowed,
        });
        await services.GetRequiredService<BreachNotices>().QueueBudgetExceededAsync(shipment, open, tallies[open.Index].ReportedThrough, parties, cumulative, limits.CumulativeExcursionAllowed, now, cancellationToken);
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

        _tallies.Remove(shipment.Id);
        LogBudgetExceeded(shipment.OrderRef, cumulative.TotalMinutes, limits.CumulativeExcursionAllowed.TotalMinutes, string.Join(", ", parties));
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
