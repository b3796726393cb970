using System.Globalization;
using ColdChain.Ingest.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Data;
using ColdChain.Platform.Live;
using ColdChain.Protocol.Alerts;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// Writes what the rules decided into the platform database: one open alarm per asset, source and condition; its
/// history; and its notifications, queued in the same transaction. Late alarms (from a backlog) are not announced one
/// by one: each gateway's are gathered and sent as one summary once its backlog has gone quiet. Used by the monitor
/// under its lock: not thread-safe.
/// </summary>
public sealed partial class AlarmLedger(
    IServiceScopeFactory scopes,
    AlarmDirectory directory,
    DeliveryQueue queue,
    LivePush live,
    AlarmMetrics metrics,
    TimeProvider time,
    ILogger<AlarmLedger> logger)
{
    private readonly Dictionary<(string Asset, string Source, string Condition), Guid> _open = [];

    /// <summary>The alarms still open in the database, to take up after a restart.</summary>
    public async Task<IReadOnlyList<Alarm>> LoadOpenAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var open = await db.Set<Alarm>().AsNoTracking().Where(a => a.EndedAt == null).ToListAsync(cancellationToken);
        _open.Clear();
        foreach (var alarm in open)
        {
            _open[(alarm.Asset, alarm.Source, alarm.Condition)] = alarm.Id;
        }

        return open;
    }

    public async Task ApplyAsync(IReadOnlyList<SourcedTransition> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        var opened = new Dictionary<(string, string, string), Alarm>();
        var closed = new HashSet<(string, string, string)>();
        var changed = new List<Alarm>();
        var late = new List<(SourcedTransition Transition, Alarm Alarm)>();
        foreach (var sourced in transitions)
        {
            var t = sourced.Transition;
            var key = (sourced.Asset, sourced.Source, sourced.Condition);
            if (t.Kind == AlarmTransitionKind.Raised)
            {
                if (opened.ContainsKey(key) || (_open.ContainsKey(key) && !closed.Contains(key)))
                {
                    continue; // already open (taken up after a restart): one open alarm per condition
                }

                var alarm = Raise(db, sourced, now);
                opened[key] = alarm;
                changed.Add(alarm);
                if (t.Late)
                {
                    late.Add((sourced, alarm));
                }
                else
                {
                    AnnounceRaised(db, alarm, t);
                }

                continue;
            }

            var open = opened.Remove(key, out var fresh) ? fresh
                : _open.TryGetValue(key, out var id) && !closed.Contains(key) ? await db.Set<Alarm>().FindAsync([id], cancellationToken)
                : null;
            if (open is null)
            {
                continue;
            }

            Clear(db, open, t, now);
            closed.Add(key);
            changed.Add(open);
            if (open.Late || t.Late)
            {
                late.Add((sourced, open));
            }
        }

        foreach (var (sourced, alarm) in late)
        {
            db.Set<BacklogEntry>().Add(BacklogLine(sourced, alarm, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var key in closed)
        {
            _open.Remove(key);
        }

        foreach (var (key, alarm) in opened)
        {
            _open[key] = alarm.Id;
        }

        queue.Wake();
        foreach (var alarm in changed.Distinct())
        {
            live.Alarm(AlarmItem.From(alarm));
        }
    }

    /// <summary>
    /// Sends one notice per gateway whose late alarms have stopped coming for <paramref name="quiet"/>. The waiting
    /// changes are rows (<see cref="BacklogEntry"/>), deleted in the transaction that queues the notice.
    /// </summary>
    public async Task FlushBacklogsAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = (now - quiet).UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var backlog = db.Set<BacklogEntry>();
        var ready = await backlog
            .GroupBy(b => new { b.Site, b.Gateway })
            .Select(g => new { g.Key.Site, g.Key.Gateway, Last = g.Max(b => b.AddedAt) })
            .Where(g => g.Last <= cutoff)
            .ToListAsync(cancellationToken);
        foreach (var gateway in ready)
        {
            var entries = await backlog.Where(b => b.Site == gateway.Site && b.Gateway == gateway.Gateway).OrderBy(b => b.Id).ToListAsync(cancellationToken);
            if (entries.Count == 0)
            {
                continue; // another platform instance summarised them between the two reads
            }

            var notice = Summary(gateway.Site, gateway.Gateway, entries, now);
            var recipients = directory.Recipients(0, gateway.Site, entries[0].Asset);
            var emailed = queue.Email(db, null, notice, recipients);
            queue.Webhook(db, null, notice);
            var detail = emailed
                ? $"summarised with {entries.Count - 1} other late changes of gateway {gateway.Gateway} to {string.Join(", ", recipients)}"
                : $"summarised in the backlog notice of gateway {gateway.Gateway}; no e-mail recipients are designated for site {gateway.Site}";
            foreach (var id in entries.Select(e => e.AlarmId).Distinct())
            {
                History(db, id, now, AlarmHistoryKind.Notified, detail);
            }

            backlog.RemoveRange(entries);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another platform instance summarised them first: theirs is the one notice.
                db.ChangeTracker.Clear();
                continue;
            }

            LogBacklogSummarised(gateway.Site, gateway.Gateway, entries.Count);
        }

        if (ready.Count > 0)
        {
            queue.Wake();
        }
    }

    private Alarm Raise(PlatformDbContext db, SourcedTransition sourced, DateTimeOffset now)
    {
        var t = sourced.Transition;
        var alarm = new Alarm
        {
            Id = Guid.CreateVersion7(),
            Site = sourced.Site,
            Gateway = sourced.Gateway,
            Asset = sourced.Asset,
            Source = sourced.Source,
            Condition = sourced.Condition,
            Severity = AlarmNames.Of(t.Severity),
            State = AlarmState.Raised,
            StartedAt = t.ConditionSince.UtcDateTime,
            RaisedAt = now.UtcDateTime,
            Late = t.Late,
            Peak = Finite(t.Peak),
            Reason = Truncate(t.Reason, 1000),
            EscalationLevel = 0,
            EscalatedAt = now.UtcDateTime,
        };
        db.Set<Alarm>().Add(alarm);
        var detail = t.Late
            ? string.Create(CultureInfo.InvariantCulture, $"{t.Reason}; measured at {t.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, learnt from a delayed backlog")
            : t.Reason;
        History(db, alarm.Id, now, AlarmHistoryKind.Raised, detail);
        metrics.Raised(alarm.Condition, alarm.Severity, alarm.Late);
        return alarm;
    }

    private void AnnounceRaised(PlatformDbContext db, Alarm alarm, AlarmTransition t)
    {
        queue.Cab(db, alarm, CabAlertAction.Raise, CabMessage(alarm));
        var notice = Notice(alarm, "raised", t.At, t.Value);
        var recipients = directory.Recipients(0, alarm.Site, alarm.Asset);
        if (!queue.Email(db, alarm.Id, notice, recipients))
        {
            History(db, alarm.Id, time.GetUtcNow(), AlarmHistoryKind.DeliveryFailed, $"email: no recipients are designated for site {alarm.Site} or asset {alarm.Asset}");
        }

        queue.Webhook(db, alarm.Id, notice);
    }

    private void Clear(PlatformDbContext db, Alarm alarm, AlarmTransition t, DateTimeOffset now)
    {
        alarm.EndedAt = t.At.UtcDateTime;
        alarm.State = AlarmState.Cleared;
        alarm.Touch();
        alarm.Peak = Finite(t.Peak) ?? alarm.Peak;
        History(db, alarm.Id, now, AlarmHistoryKind.Cleared, t.Reason);
        if (!alarm.Late && !t.Late)
        {
            queue.Cab(db, alarm, CabAlertAction.Clear, $"{alarm.Asset}: {Words(alarm.Condition)} is over");
            queue.Webhook(db, alarm.Id, Notice(alarm, "cleared", t.At, t.Value));
        }
    }

    internal static AlarmNotice Notice(Alarm alarm, string transition, DateTimeOffset at, double? value) =>
        new(alarm.Id, alarm.Site, alarm.Asset, alarm.Source, alarm.Condition, alarm.Severity, transition, at, Finite(value), alarm.Reason, alarm.Late);

    internal static string CabMessage(Alarm alarm) => Truncate($"{alarm.Asset}: {Words(alarm.Condition)} — {alarm.Reason}", 200);

    internal static void History(PlatformDbContext db, Guid alarmId, DateTimeOffset at, AlarmHistoryKind kind, string detail, string actor = "system") =>
        db.Set<AlarmHistoryEntry>().Add(new AlarmHistoryEntry { AlarmId = alarmId, At = at.UtcDateTime, Kind = kind, Actor = actor, Detail = Truncate(detail, 2000) });

    private static string Words(string condition) => condition.Replace('_', ' ');

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static BacklogEntry BacklogLine(SourcedTransition sourced, Alarm alarm, DateTimeOffset now)
    {
        var t = sourced.Transition;
        var kind = t.Kind == AlarmTransitionKind.Raised ? "raised" : "cleared";
        return new BacklogEntry
        {
            Site = sourced.Site,
            Gateway = sourced.Gateway,
            AlarmId = alarm.Id,
            Asset = alarm.Asset,
            Line = Truncate(string.Create(CultureInfo.InvariantCulture, $"{t.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC {alarm.Asset}/{alarm.Source} {Words(alarm.Condition)} {kind}: {t.Reason}"), 1200),
            Severity = alarm.Severity,
            AddedAt = now.UtcDateTime,
        };
    }

    private static AlarmNotice Summary(string site, string gateway, List<BacklogEntry> entries, DateTimeOffset now)
    {
        var severity = entries.Any(e => e.Severity == "critical") ? "critical" : "warning";
        var lines = entries.Take(50).Select(e => e.Line).ToList();
        if (entries.Count > lines.Count)
        {
            lines.Add($"… and {entries.Count - lines.Count} more");
        }

        var reason = $"{entries.Count} alarm changes measured while gateway {gateway} could not report:\n" + string.Join('\n', lines);
        return new AlarmNotice(Guid.Empty, site, entries[0].Asset, gateway, "backlog_summary", severity, "summarised", now, null, reason, Late: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Late alarms of {Site}/{Gateway} summarised in one notice ({Count} changes)")]
    private partial void LogBacklogSummarised(string site, string gateway, int count);
}
