namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>What a person or a system is told about an alarm: the same facts on every channel.</summary>
public sealed record AlarmNotice(
    Guid AlarmId,
    string Site,
    string Asset,
    string Sensor,
    string Condition,
    string Severity,
    string Transition,
    DateTimeOffset At,
    double? Value,
    string Reason,
    bool Late)
{
    public string Subject =>
        $"[{Severity.ToUpperInvariant()}] {Asset}: {Condition.Replace('_', ' ')} {Transition}{(Late ? " (from a delayed backlog)" : string.Empty)}";

    public string Body => string.Join('\n',
        Subject,
        string.Empty,
        $"Site:      {Site}",
        $"Asset:     {Asset}",
        $"Sensor:    {Sensor}",
        $"When:      {At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC",
        $"Value:     {(Value is { } v ? v.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture) : "none")}",
        $"Why:       {Reason}",
        $"Alarm id:  {AlarmId}",
        string.Empty,
        Late ? "This happened while the gateway was offline; it is reported now that its backlog arrived." : "Acknowledge it on the ColdChain platform with a comment.");
}
