using System.Diagnostics.Metrics;

namespace ColdChain.Platform.Alarms;

/// <summary>The <c>ColdChain.Platform.Alarms</c> meter: how fast messages are judged, how many alarms, how deliveries go.</summary>
public sealed class AlarmMetrics
{
    public const string MeterName = "ColdChain.Platform.Alarms";

    private readonly Histogram<double> _evaluation;
    private readonly Counter<long> _raised;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _escalated;

    public AlarmMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _evaluation = meter.CreateHistogram<double>("coldchain.alarms.evaluation.duration", "ms", "Time from a message's arrival to its alarm state persisted and acknowledged");
        _raised = meter.CreateCounter<long>("coldchain.alarms.raised", "{alarm}", "Alarms raised, by condition, severity and whether late");
        _delivered = meter.CreateCounter<long>("coldchain.alarms.notifications.delivered", "{notification}", "Notifications delivered, by channel");
        _failed = meter.CreateCounter<long>("coldchain.alarms.notifications.failed", "{attempt}", "Failed delivery attempts, by channel");
        _escalated = meter.CreateCounter<long>("coldchain.alarms.escalated", "{step}", "Escalation steps taken");
    }

    public void Evaluated(TimeSpan duration, string kind) => _evaluation.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("kind", kind));

    public void Raised(string condition, string severity, bool late) =>
        _raised.Add(1, new KeyValuePair<string, object?>("condition", condition), new KeyValuePair<string, object?>("severity", severity), new KeyValuePair<string, object?>("late", late));

    public void Delivered(string channel) => _delivered.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void DeliveryFailed(string channel) => _failed.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Escalated() => _escalated.Add(1);
}
