using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Sensors;
using ColdChain.Protocol.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// Gathers what a custody leg left behind, by measurement time: the temperature readings of its asset from the
/// telemetry store, the asset's sensors and their calibration at the handover, the alarms of the asset during the
/// leg, and the batches the sequence ledger knows are missing (a backlog still to come).
/// </summary>
public sealed class LegEvidenceSource(PlatformDbContext db, ITelemetryStore store, ISequenceLedger ledger, LegReadingsCache cache)
{
    /// <summary>
    /// The evidence of every leg begun before <paramref name="at"/>, in leg order, up to <paramref name="at"/>. The
    /// legs' readings are asked for all at once, on the thread pool (the SQLite store reads synchronously: so its legs
    /// too run side by side), through <see cref="LegReadingsCache"/> (a leg read before is confirmed by a count and
    /// only its rest read), and the platform database's share (sensors, certificates, alarms) is read while the
    /// telemetry store answers.
    /// </summary>
    public async Task<List<LegEvidence>> GatherAsync(IEnumerable<CustodyLeg> legs, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var windows = legs.Where(l => l.From < at.UtcDateTime).OrderBy(l => l.Index).Select(leg =>
        {
            var from = new DateTimeOffset(leg.From, TimeSpan.Zero);
            var to = leg.To is { } end && end < at.UtcDateTime ? new DateTimeOffset(end, TimeSpan.Zero) : at;
            return new LegWindow(leg, from, to);
        }).ToList();
        var reading = Task.WhenAll(windows.Select(w =>
            Task.Run(() => cache.ReadAsync(store, w.Leg.Asset, w.From, w.To, cancellationToken), cancellationToken)));
        var looking = RecordsAsync(windows, cancellationToken);
        await Task.WhenAll(reading, looking);
        var readings = await reading;
        var records = await looking;

        // Each leg's sequence-ledger lookups (a round trip to InfluxDB in production) overlap the other legs'.
        return [.. await Task.WhenAll(windows.Select((window, i) => AssembleAsync(window, records[i], readings[i], cancellationToken)))];
    }

    /// <summary>What the platform database knows of each leg; one query after another, as a context allows.</summary>
    private async Task<List<LegRecords>> RecordsAsync(List<LegWindow> windows, CancellationToken cancellationToken)
    {
        var records = new List<LegRecords>(windows.Count);
        foreach (var (leg, from, to) in windows)
        {
            var registered = await db.Sensors.AsNoTracking()
                .Where(s => s.Asset == leg.Asset && s.Kind == "temperature")
                .Select(s => s.Id)
                .ToListAsync(cancellationToken);
            var certificates = await db.CalibrationCertificates.AsNoTracking()
                .Where(c => registered.Contains(c.Sensor) && c.CalibratedOn <= to.UtcDateTime)
                .ToListAsync(cancellationToken);
            var alarms = await db.Set<Alarm>().AsNoTracking()
                .Where(a => a.Asset == leg.Asset && a.StartedAt < to.UtcDateTime && (a.EndedAt == null || a.EndedAt > from.UtcDateTime))
                .OrderBy(a => a.StartedAt)
                .ToListAsync(cancellationToken);
            records.Add(new LegRecords(registered, certificates, alarms));
        }

        return records;
    }

    private async Task<LegEvidence> AssembleAsync(LegWindow window, LegRecords records, LegReadings readings, CancellationToken cancellationToken)
    {
        var (leg, from, to) = window;
        var bySensor = readings.BySensor;

        // A sensor that reported without being registered has no calibration on record: it needs no certificate.
        var sensors = records.Registered.Union(bySensor.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(id =>
        {
            var (calibration, overdue) = Calibration(id, records.Registered.Contains(id), records.Certificates, to);
            return new SensorEvidence(id, calibration, overdue, bySensor.TryGetValue(id, out var own) ? own : []);
        }).ToList();

        var backlog = false;
        foreach (var gateway in readings.Gateways)
        {
            backlog |= (await ledger.GapsAsync(new GapQuery(from, to, gateway), cancellationToken)).Count > 0;
        }

        return new LegEvidence(leg.Index, leg.Asset, leg.Party, from, to, sensors, backlog)
        {
            Alarms = records.Alarms.Select(a => new AlarmEvidence(
                a.Id, a.Source, a.Condition, a.State.ToString().ToLowerInvariant(), Utc(a.StartedAt), a.EndedAt is { } e ? Utc(e) : null,
                a.AcknowledgedByName ?? a.AcknowledgedBy, a.AcknowledgedAt is { } at ? Utc(at) : null, a.AcknowledgementComment)).ToList(),
        };
    }

    private static (string Description, bool Overdue) Calibration(string sensor, bool registered, List<CalibrationCertificate> certificates, DateTimeOffset at)
    {
        if (!registered)
        {
            return ("not registered: no calibration on record", true);
        }

        var latest = certificates.Where(c => c.Sensor == sensor).OrderByDescending(c => c.CalibratedOn).FirstOrDefault();
        if (latest is null)
        {
            return ("no calibration certificate on record", true);
        }

        var overdue = latest.DueOn <= at.UtcDateTime;
        return ($"certificate {latest.Number} of {latest.CalibratedOn:yyyy-MM-dd}, {(overdue ? "was due" : "due")} {latest.DueOn:yyyy-MM-dd}", overdue);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private readonly record struct LegWindow(CustodyLeg Leg, DateTimeOffset From, DateTimeOffset To);

    private sealed record LegRecords(List<string> Registered, List<CalibrationCertificate> Certificates, List<Alarm> Alarms);
}
