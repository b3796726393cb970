using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Platform.Alarms;

/// <summary>
/// One alarm: a condition on an asset (a sensor, a door or its gateway) from its start to its end, in measurement time.
/// Persisted so that acknowledgement, escalation, handover checks and compliance logs all refer to the same record.
/// </summary>
public sealed class Alarm
{
    public Guid Id { get; set; }

    public string Site { get; set; } = string.Empty;

    public string Asset { get; set; } = string.Empty;

    /// <summary>The gateway the asset reports through: the cab alert goes to its <c>alerts</c> topic.</summary>
    public string Gateway { get; set; } = string.Empty;

    /// <summary>The sensor, door input or gateway the condition is about.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The condition in snake_case (<c>above_range</c>, <c>gateway_offline</c>, …): one open alarm per source and condition.</summary>
    public string Condition { get; set; } = string.Empty;

    /// <summary><c>warning</c> or <c>critical</c>.</summary>
    public string Severity { get; set; } = string.Empty;

    public AlarmState State { get; set; }

    /// <summary>When the condition started at the sensor (measurement time, UTC).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>When the condition ended at the sensor, past the hysteresis; null while it lasts.</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>When the platform learnt of it (arrival time, UTC).</summary>
    public DateTime RaisedAt { get; set; }

    /// <summary>Learnt from a backlog after the fact: reported as history, not as a fresh call to action.</summary>
    public bool Late { get; set; }

    /// <summary>The most extreme value while the condition lasted, where it has one.</summary>
    public double? Peak { get; set; }

    public string Reason { get; set; } = string.Empty;

    public string? AcknowledgedBy { get; set; }

    public string? AcknowledgedByName { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public string? AcknowledgementComment { get; set; }

    /// <summary>0 = the first line (the driver or the site's first contact); each unacknowledged period moves one step up.</summary>
    public int EscalationLevel { get; set; }

    /// <summary>When the current escalation level was notified: the next step is due <c>AcknowledgeWithin</c> later.</summary>
    public DateTime? EscalatedAt { get; set; }

    /// <summary>
    /// Optimistic concurrency token, raised by every change after the raise (<see cref="Touch"/>): an escalation step
    /// and an acknowledgement that read the same row cannot both be saved; the later one re-reads and decides again.
    /// </summary>
    public int Version { get; set; }

    /// <summary>Marks a change so that a concurrent writer of the version read before fails instead of overwriting it.</summary>
    public void Touch() => Version++;
}

/// <summary>Raised (open, unacknowledged) → acknowledged (open, someone is on it) → cleared (the condition is over).</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AlarmState>))]
public enum AlarmState
{
    Raised,
    Acknowledged,
    Cleared,
}
