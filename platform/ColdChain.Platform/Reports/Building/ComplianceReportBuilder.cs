using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Defrost;
using ColdChain.Platform.Data;
using ColdChain.Platform.Profiles;
using ColdChain.Platform.Sensors;
using ColdChain.Protocol.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Reports.Building;

/// <summary>Reads the registry, the alarms, the sequence ledger and (streamed) the telemetry store into a <see cref="ComplianceReport"/>.</summary>
public sealed class ComplianceReportBuilder(PlatformDbContext db, ITelemetryStore store, ISequenceLedger ledger)
{
    public async Task<ReportContext> ContextAsync(ReportScope scope, TemperatureProfile profile, ReportIssue issue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(profile);
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == scope.Site, cancellationToken);
        var assetIds = scope.Segments.Select(s => s.Asset).Distinct().ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).ToListAsync(cancellationToken);
        var sensors = await db.Sensors.AsNoTracking().Where(s => assetIds.Contains(s.Asset)).Select(s => s.Id).ToListAsync(cancellationToken);
        var certificates = await db.CalibrationCertificates.AsNoTracking().Where(c => sensors.Contains(c.Sensor)).ToListAsync(cancellationToken);
        return new ReportContext(
            scope,
            site?.Name ?? scope.Site,
            ZoneOf(site?.TimeZone),
            new ReportProfile(profile.Id, profile.Name, profile.Min, profile.Max, profile.WarningBand),
            issue,
            assets.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal),
            assets.ToDictionary(a => a.Id, a => a.Site, StringComparer.Ordinal),
            certificates.GroupBy(c => c.Sensor, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<CalibrationCertificate>)[.. g], StringComparer.Ordinal));
    }

    public async Task<ComplianceReport> BuildAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sections = new List<AssetSection>();
        foreach (var segment in context.Scope.Segments)
        {
            sections.Add(await SectionAsync(context, segment, cancellationToken));
        }

        return new ComplianceReport
        {
            Scope = context.Scope,
            SiteName = context.SiteName,
            TimeZone = context.TimeZone,
            Profile = context.Profile,
            Issue = context.Issue,
            Assets = sections,
        };
    }

    public static TimeZoneInfo ZoneOf(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private async Task<AssetSection> SectionAsync(ReportContext context, CustodySegment segment, CancellationToken cancellationToken)
    {
        var accumulators = new Dictionary<string, SensorAccumulator>(StringComparer.Ordinal);
        var gateways = new HashSet<string>(StringComparer.Ordinal);
        var doors = new List<TimeWindow>();
        var doorOpenSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var reading in ReadingPages.ReadAsync(store, segment.Asset, segment.From, segment.To, cancellationToken))
        {
            gateways.Add(reading.Gateway);
            switch (reading.Quantity)
            {
                case Quantity.Temperature:
                    if (!accumulators.TryGetValue(reading.Sensor, out var accumulator))
                    {
                        accumulators[reading.Sensor] = accumulator = new SensorAccumulator(reading.Sensor, context.Profile, segment.From, segment.To);
                    }

                    if (reading.Status == ReadingStatus.SensorFault || reading.Value is not { } celsius || !double.IsFinite(celsius))
                    {
                        accumulator.AddFault();
                    }
                    else
                    {
                        accumulator.Add(reading.Time, celsius);
                    }

                    break;
                case Quantity.Door when reading.Value is { } state:
                    if (state >= 0.5 && !doorOpenSince.ContainsKey(reading.Sensor))
                    {
                        doorOpenSince[reading.Sensor] = reading.Time;
                    }
                    else if (state < 0.5 && doorOpenSince.Remove(reading.Sensor, out var opened))
                    {
                        doors.Add(new(opened, reading.Time));
                    }

                    break;
            }
        }

        doors.AddRange(doorOpenSince.Values.Select(opened => new TimeWindow(opened, segment.To)));
        var registered = await db.Sensors.AsNoTracking().Where(s => s.Asset == segment.Asset && s.Kind == "temperature").Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var silent in registered.Where(id => !accumulators.ContainsKey(id)))
        {
            accumulators[silent] = new SensorAccumulator(silent, context.Profile, segment.From, segment.To);
        }

        var alarms = await AlarmsAsync(segment, cancellationToken);
        var matched = new HashSet<Guid>();
        var sensors = new List<SensorSection>();
        var excursions = new List<ReportExcursion>();
        foreach (var accumulator in accumulators.Values.OrderBy(a => a.Sensor, StringComparer.Ordinal))
        {
            var (statistics, gaps, sensorExcursions, chart) = accumulator.Finish();
            var calibration = LatestCalibration(context, accumulator.Sensor, segment.To);
            var overdue = calibration is null || calibration.DueOn < Min(segment.To, context.Issue.GeneratedAt);
            sensors.Add(new(accumulator.Sensor, statistics, gaps, chart, calibration, overdue));
            foreach (var excursion in sensorExcursions)
            {
                var alarm = alarms.FirstOrDefault(a => !matched.Contains(a.Id) && a.Source == excursion.Sensor
                    && a.Start < (excursion.End ?? segment.To) && (a.End ?? segment.To) > excursion.Start);
                if (alarm is not null)
                {
                    matched.Add(alarm.Id);
                }

                excursions.Add(excursion with { Alarm = alarm });
            }
        }

        var missing = new List<ReportGap>();
        foreach (var gateway in gateways.Order(StringComparer.Ordinal))
        {
            var gaps = await ledger.GapsAsync(new GapQuery(segment.From, segment.To, gateway), cancellationToken);
            missing.AddRange(gaps.Select(g => new ReportGap(g.Gateway, g.From, g.To, g.MissingBatches)));
        }

        return new AssetSection(
            segment.Asset,
            context.AssetNames.GetValueOrDefault(segment.Asset, segment.Asset),
            segment.From,
            segment.To,
            sensors,
            missing,
            doors.OrderBy(d => d.From).ToList(),
            excursions.OrderBy(e => e.Start).ToList(),
            alarms.Where(a => !matched.Contains(a.Id)).ToList())
        {
            PlannedDefrost = [.. (await DefrostPlan.OccurrencesAsync(db, segment.Asset, segment.From, segment.To, cancellationToken))
                .Select(o => new TimeWindow(o.Start < segment.From ? segment.From : o.Start, o.End > segment.To ? segment.To : o.End))],
        };
    }

    private async Task<List<ReportAlarm>> AlarmsAsync(CustodySegment segment, CancellationToken cancellationToken)
    {
        var from = segment.From.UtcDateTime;
        var to = segment.To.UtcDateTime;
        var rows = await db.Set<Alarm>().AsNoTracking()
            .Where(a => a.Asset == segment.Asset && a.StartedAt < to && (a.EndedAt == null || a.EndedAt > from))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(a => a.StartedAt).Select(a => new ReportAlarm(
            a.Id, a.Source, a.Condition, a.Severity, Utc(a.StartedAt), a.EndedAt is { } end ? Utc(end) : null, a.Peak,
            a.AcknowledgedByName ?? a.AcknowledgedBy, a.AcknowledgedAt is { } ack ? Utc(ack) : null, a.AcknowledgementComment)).ToList();
    }

    private static ReportCalibration? LatestCalibration(ReportContext context, string sensor, DateTimeOffset at)
    {
        if (!context.Certificates.TryGetValue(sensor, out var certificates))
        {
            return null;
        }

        var latest = certificates.Where(c => c.CalibratedOn <= at.UtcDateTime).MaxBy(c => c.CalibratedOn);
        return latest is null ? null : new ReportCalibration(latest.Number, Utc(latest.CalibratedOn), Utc(latest.DueOn), latest.Reference);
    }

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
