namespace ColdChain.Platform.Alarms;

/// <summary>An alarm as the API and the live hub serve it (camelCase JSON, snake_case words).</summary>
public record AlarmItem(
    Guid Id,
    string Site,
    string Asset,
    string Source,
    string Condition,
    string Severity,
    AlarmState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset RaisedAt,
    bool Late,
    double? Peak,
    string Reason,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? Comment,
    int EscalationLevel)
{
    public static AlarmItem From(Alarm alarm)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return new(
            alarm.Id, alarm.Site, alarm.Asset, alarm.Source, alarm.Condition, alarm.Severity, alarm.State,
            Utc(alarm.StartedAt), alarm.EndedAt is { } ended ? Utc(ended) : null, Utc(alarm.RaisedAt), alarm.Late,
            alarm.Peak is { } peak && double.IsFinite(peak) ? peak : null, alarm.Reason, alarm.AcknowledgedByName,
            alarm.AcknowledgedAt is { } at ? Utc(at) : null, alarm.AcknowledgementComment, alarm.EscalationLevel);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary>One alarm with its history, oldest step first: the list item's fields plus <see cref="History"/>.</summary>
public sealed record AlarmDetail : AlarmItem
{
    public AlarmDetail(AlarmItem item, IReadOnlyList<AlarmHistoryItem> history)
        : base(item ?? throw new ArgumentNullException(nameof(item)))
    {
        History = history;
    }

    public IReadOnlyList<AlarmHistoryItem> History { get; }
}

public sealed record AlarmHistoryItem(DateTimeOffset At, AlarmHistoryKind Kind, string Actor, string Detail);
