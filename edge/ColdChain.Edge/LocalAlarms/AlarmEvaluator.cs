using System.Globalization;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.LocalAlarms;

/// <summary>
/// Evaluates the cab alarms on the gateway itself, from each sampling round, with no network: a temperature beyond the
/// asset's range for its delay raises an alarm (buzzer and LED); within the warning margin, a warning (LED). Raised and
/// cleared are events; the acknowledge button silences the buzzer until a new alarm. Remote alerts (the <c>alerts</c>
/// topic) sound the same way until acknowledged.
/// </summary>
internal sealed class AlarmEvaluator
{
    private readonly Dictionary<string, AssetAlarm> _assets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _alerts = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, AlarmRule> _rules;
    private bool _silenced;

    public AlarmEvaluator(IEnumerable<AlarmRule> rules) => _rules = ToDictionary(rules);

    /// <summary>Buzzer: any unacknowledged alarm or alert.</summary>
    public bool Buzzer { get; private set; }

    /// <summary>LED: any alarm, warning or alert, acknowledged or not.</summary>
    public bool Led { get; private set; }

    public AlarmLevel LevelOf(string assetId) => _assets.GetValueOrDefault(assetId)?.Active ?? AlarmLevel.None;

    public void Apply(IEnumerable<AlarmRule> rules) => _rules = ToDictionary(rules);

    public IReadOnlyList<GatewayEvent> Evaluate(IReadOnlyList<Reading> readings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var events = new List<GatewayEvent>();
        foreach (var (assetId, rule) in _rules)
        {
            var temperatures = readings.Where(r => r.Asset == assetId && r.Quantity == Quantity.Temperature && r.Value is not null).ToArray();
            if (temperatures.Length == 0)
            {
                // Only faulted sensors: their sensor_fault events speak; the alarm state holds until there is a value.
                continue;
            }

            var worst = temperatures.MaxBy(r => rule.LevelOf(r.Value!.Value))!;
            var level = rule.LevelOf(worst.Value!.Value);
            var state = _assets.TryGetValue(assetId, out var s) ? s : _assets[assetId] = new AssetAlarm();
            Step(state, rule, level, worst, now, events);
        }

        Refresh();
        return events;
    }

    /// <summary>The cab's acknowledge button: silences the buzzer and acknowledges the remote alerts.</summary>
    public IReadOnlyList<GatewayEvent> Acknowledge(DateTimeOffset now)
    {
        var events = new List<GatewayEvent>();
        if (!Buzzer)
        {
            return events;
        }

        _silenced = true;
        var alarms = _assets.Where(a => a.Value.Active == AlarmLevel.Alarm).Select(a => a.Key).ToArray();
        if (alarms.Length > 0 || _alerts.Count == 0)
        {
            events.Add(new GatewayEvent
            {
                Type = GatewayEventType.AlertAcknowledged,
                Time = now,
                Detail = $"acknowledged in the cab: {string.Join(", ", alarms.Select(a => $"alarm {a}"))}",
            });
        }

        // One event per platform alert, naming it: the platform acknowledges that alarm for the truck's driver.
        foreach (var alertId in _alerts.Keys)
        {
            events.Add(new GatewayEvent { Type = GatewayEventType.AlertAcknowledged, Time = now, AlertId = alertId, Detail = $"acknowledged in the cab: alert {alertId}" });
        }

        _alerts.Clear();
        Refresh();
        return events;
    }

    /// <summary>A remote alert from the <c>alerts</c> topic: sounds until acknowledged or cleared.</summary>
    public void Raise(string alertId, string message)
    {
        _alerts[alertId] = message;
        _silenced = false;
        Refresh();
    }

    public void Clear(string alertId)
    {
        _alerts.Remove(alertId);
        Refresh();
    }

    private void Step(AssetAlarm state, AlarmRule rule, AlarmLevel level, Reading worst, DateTimeOffset now, List<GatewayEvent> events)
    {
        if (level < state.Active)
        {
            events.Add(Event(GatewayEventType.LocalAlarmCleared, rule.AssetId, worst, now, $"{state.Active.ToString().ToLowerInvariant()} cleared"));
            state.Active = AlarmLevel.None;
            state.Pending = null;
        }

        if (level == AlarmLevel.None || level == state.Active)
        {
            state.Pending = level == AlarmLevel.None ? null : state.Pending;
            return;
        }

        if (state.Pending is not { } pending || pending.Level != level)
        {
            state.Pending = (level, now);
        }

        if (now - state.Pending.Value.Since >= rule.Delay)
        {
            state.Active = level;
            if (level == AlarmLevel.Alarm)
            {
                _silenced = false;
            }

            var limits = $"{Format(rule.MinCelsius)}…{Format(rule.MaxCelsius)} °C";
            events.Add(Event(GatewayEventType.LocalAlarmRaised, rule.AssetId, worst, now,
                $"{level.ToString().ToLowerInvariant()}: {Format(worst.Value)} °C against {limits} since {state.Pending.Value.Since:O}"));
        }
    }

    private void Refresh()
    {
        var alarm = _assets.Values.Any(a => a.Active == AlarmLevel.Alarm) || _alerts.Count > 0;
        Buzzer = alarm && !_silenced;
        Led = alarm || _assets.Values.Any(a => a.Active != AlarmLevel.None);
        if (!alarm)
        {
            _silenced = false;
        }
    }

    private static GatewayEvent Event(GatewayEventType type, string assetId, Reading worst, DateTimeOffset now, string detail) =>
        new() { Type = type, Time = now, Asset = assetId, Sensor = worst.Sensor, Detail = detail };

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "–";

    private static Dictionary<string, AlarmRule> ToDictionary(IEnumerable<AlarmRule> rules) => rules.ToDictionary(r => r.AssetId, StringComparer.Ordinal);

    private sealed class AssetAlarm
    {
        public AlarmLevel Active { get; set; }

        public (AlarmLevel Level, DateTimeOffset Since)? Pending { get; set; }
    }
}
