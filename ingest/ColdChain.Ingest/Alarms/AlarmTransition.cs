namespace ColdChain.Ingest.Alarms;

public enum AlarmTransitionKind
{
    Raised,
    Cleared,
}

/// <summary>
/// An alarm starting or ending, stamped with measurement time (when it happened at the sensor), not arrival time.
/// <see cref="Late"/> marks transitions learnt from a backlog: they happened, and are reported as history rather than
/// as a fresh call to action.
/// </summary>
public sealed record AlarmTransition(
    string Sensor,
    AlarmCondition Condition,
    AlarmSeverity Severity,
    AlarmTransitionKind Kind,
    DateTimeOffset At,
    DateTimeOffset ConditionSince,
    double? Value,
    double? Peak,
    bool Late,
    string Reason);
