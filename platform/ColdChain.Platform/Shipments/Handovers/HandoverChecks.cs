using System.Globalization;
using System.Text.Json;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Shipments.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>What the order platform asks at a custody transfer, validated.</summary>
public sealed record HandoverQuestion(DateTimeOffset At, string Type, string FromParty, string ToParty, string? NextAsset, ProductProbe? Probe);

/// <summary>
/// Runs a handover check: gathers the evidence of every leg up to the handover, lets <see cref="HandoverAssessor"/>
/// judge it, writes the canonical document with its hash, supersedes the previous check of the same handover (saying
/// what changed), queues breach notices for both parties, and records it all in the audit trail in one transaction.
/// Serialized per shipment across platform instances by the shipment's concurrency token (<see cref="Shipment.Version"/>):
/// when another check or a completing signature saved first, this throws <see cref="DbUpdateException"/> and nothing
/// is saved; the caller reloads the shipment and checks again.
/// </summary>
public sealed class HandoverChecks(
    PlatformDbContext db,
    LegEvidenceSource evidence,
    AuditTrail audit,
    BreachNotices notices,
    DeliveryQueue queue,
    TimeProvider time,
    IOptions<ShipmentsOptions> options)
{
    public async Task<HandoverCheck> CheckAsync(Shipment shipment, TemperatureProfile profile, CustodyLeg leg, HandoverQuestion question, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(question);
        var limits = Limits(profile, options.Value.MinimumCoveragePercent);
        var legs = await evidence.GatherAsync(shipment.Legs, question.At, cancellationToken);
        var assessment = HandoverAssessor.Assess(ToHandoverProfile(limits), legs, question.Probe);
        var previous = await db.Set<HandoverCheck>()
            .Where(c => c.ShipmentId == shipment.Id && c.LegIndex == leg.Index && c.SupersededBy == null)
            .FirstOrDefaultAsync(cancellationToken);

        var id = Guid.NewGuid();
        var checkedAt = time.GetUtcNow();
        var verdict = Word(assessment.Verdict);
        var document = new HandoverDocument(
            HandoverDocument.SchemaId,
            id,
            shipment.OrderRef,
            shipment.Product,
            shipment.Sscc,
            Lots(shipment.Lots),
            limits,
            new HandoverFacts(question.At, question.Type, question.FromParty, question.ToParty, leg.Index, question.NextAsset),
            checkedAt,
            actor.Name,
            verdict,
            assessment.Reasons,
            assessment.Legs,
            assessment.CumulativeExcursionSinceOrigin,
            Max(TimeSpan.Zero, limits.CumulativeExcursionAllowed - assessment.CumulativeExcursionSinceOrigin),
            assessment.Product,
            previous is null ? null : new SupersessionNote(previous.Id, previous.Verdict, Changes(previous, verdict, assessment, question)));
        var json = document.ToCanonicalJson();
        var check = new HandoverCheck
        {
            Id = id,
            ShipmentId = shipment.Id,
            OrderRef = shipment.OrderRef,
            LegIndex = leg.Index,
            HandoverAt = question.At.UtcDateTime,
            FromParty = question.FromParty,
            ToParty = question.ToParty,
            Type = question.Type,
            NextAsset = question.NextAsset,
            Verdict = verdict,
            CheckedAt = checkedAt.UtcDateTime,
            CheckedBy = actor.Name,
            Document = json,
            DocumentSha256 = HandoverDocument.Sha256(json),
            Supersedes = previous?.Id,
        };
        db.Add(check);
        if (previous is not null)
        {
            previous.SupersededBy = id;
        }

        shipment.Version++;
        if (assessment.Verdict == HandoverVerdict.Breached)
        {
            await notices.QueueAsync(check, assessment.Reasons, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken); // the version check: fails here, not inside the audit trail's own retry
        await audit.RecordAsync(db, actor, previous is null ? "handover.checked" : "handover.rechecked", "handover", id.ToString(),
            previous is null ? null : new { previous.Id, previous.Verdict, previous.DocumentSha256 },
            new { check.OrderRef, check.LegIndex, check.HandoverAt, check.FromParty, check.ToParty, check.Type, check.Verdict, check.DocumentSha256 },
            reason: previous is null ? null : $"supersedes {previous.Id}", cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.WriteHeadAsync(db, cancellationToken);
        queue.Wake();
        return check;
    }

    public static ProfileLimits Limits(TemperatureProfile profile, double minimumCoveragePercent)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new ProfileLimits(profile.Id, profile.Name, profile.Min, profile.Max, profile.AcceptMin, profile.AcceptMax,
            profile.LongestExcursion, profile.CumulativeExcursion, profile.RecordingInterval, profile.MaxProductChange, minimumCoveragePercent);
    }

    public static HandoverProfile ToHandoverProfile(ProfileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new HandoverProfile
        {
            Low = limits.Min ?? double.NegativeInfinity,
            High = limits.Max ?? double.PositiveInfinity,
            AcceptLow = limits.AcceptMin ?? limits.Min ?? double.NegativeInfinity,
            AcceptHigh = limits.AcceptMax ?? limits.Max ?? double.PositiveInfinity,
            LongestExcursionAllowed = limits.LongestExcursionAllowed,
            CumulativeExcursionAllowed = limits.CumulativeExcursionAllowed,
            ExpectedInterval = limits.RecordingInterval > TimeSpan.Zero ? limits.RecordingInterval : TimeSpan.FromMinutes(5),
            MinimumCoveragePercent = limits.MinimumCoveragePercent,
            MaxProductDelta = limits.MaxProductChange ?? double.PositiveInfinity,
        };
    }

    public static string Word(HandoverVerdict verdict) => verdict.ToString().ToLowerInvariant();

    /// <summary>What a backlog (or a later handover time) changed: the verdict, reasons gained and lost, coverage per leg and sensor.</summary>
    private static List<string> Changes(HandoverCheck previous, string verdict, HandoverAssessment assessment, HandoverQuestion question)
    {
        var changes = new List<string>();
        if (previous.Verdict != verdict)
        {
            changes.Add($"verdict {previous.Verdict} → {verdict}");
        }

        if (previous.HandoverAt != question.At.UtcDateTime)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"handover time {previous.HandoverAt:O} → {question.At.UtcDateTime:O}"));
        }

        using var old = JsonDocument.Parse(previous.Document);
        var oldReasons = old.RootElement.GetProperty("reasons").EnumerateArray()
            .Select(r => (Code: r.GetProperty("code").GetString() ?? string.Empty, Evidence: r.GetProperty("evidence").GetString() ?? string.Empty, Text: r.GetProperty("text").GetString() ?? string.Empty))
            .ToList();
        var newReasons = assessment.Reasons.Select(r => (r.Code, r.Evidence, r.Text)).ToList();
        changes.AddRange(oldReasons.Where(o => !newReasons.Any(n => n.Code == o.Code && n.Evidence == o.Evidence)).Select(o => $"resolved: {o.Code} at {o.Evidence} ({o.Text})"));
        changes.AddRange(newReasons.Where(n => !oldReasons.Any(o => o.Code == n.Code && o.Evidence == n.Evidence)).Select(n => $"new: {n.Code} at {n.Evidence} ({n.Text})"));

        var oldCoverage = old.RootElement.GetProperty("legs").EnumerateArray()
            .SelectMany(l => l.GetProperty("sensors").EnumerateArray().Select(s => (Leg: l.GetProperty("index").GetInt32(), Sensor: s.GetProperty("sensor").GetString(), Coverage: s.GetProperty("coveragePercent").GetDouble())))
            .ToDictionary(x => (x.Leg, x.Sensor), x => x.Coverage);
        foreach (var leg in assessment.Legs)
        {
            foreach (var sensor in leg.Sensors)
            {
                if (oldCoverage.TryGetValue((leg.Index, sensor.Sensor), out var before) && Math.Abs(before - sensor.CoveragePercent) >= 0.05)
                {
                    changes.Add(string.Create(CultureInfo.InvariantCulture, $"legs[{leg.Index}].sensors[{sensor.Sensor}] coverage {before:0.0} % → {sensor.CoveragePercent:0.0} %"));
                }
            }
        }

        if (changes.Count == 0)
        {
            changes.Add("no change in the evidence");
        }

        return changes;
    }

    private static List<string> Lots(string? lots) =>
        string.IsNullOrEmpty(lots) ? [] : [.. lots.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
