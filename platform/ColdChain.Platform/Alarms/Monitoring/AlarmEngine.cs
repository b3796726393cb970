using ColdChain.Ingest.Alarms;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Alarms.Monitoring;

/// <summary>
/// Every rule of every sensor, door and gateway the monitor has heard of, in memory: readings, events and status in,
/// transitions (in measurement time) out. Not thread-safe: the monitor calls it under one lock.
/// </summary>
public sealed class AlarmEngine(Func<string, AlarmProfile> profileFor, TimeSpan offlineGrace, TimeSpan lateAfter)
{
    private readonly Dictionary<(string Asset, string Sensor), SensorSlot> _sensors = [];
    private readonly Dictionary<(string Site, string Gateway), GatewaySlot> _gateways = [];

    public int SensorCount => _sensors.Count;

    public List<SourcedTransition> ObserveTelemetry(TelemetryBatch batch, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var gateway = Gateway(batch.Site, batch.Gateway);
        var transitions = new List<SourcedTransition>();
        foreach (var reading in batch.Readings)
        {
            gateway.AddAsset(reading.Asset);
            var slot = Sensor(batch.Site, batch.Gateway, reading.Asset, reading.Sensor);
            var found = reading.Quantity switch
            {
                Quantity.Temperature => slot.Evaluator.ObserveTemperature(reading.Time, reading.Value, reading.Status, receivedAt),
                Quantity.Door when reading.Value is { } open => slot.Evaluator.ObserveDoor(reading.Time, open >= 0.5, receivedAt),
                _ => [],
            };
            Add(transitions, slot, found);
        }

        return transitions;
    }

    public List<SourcedTransition> ObserveEvents(EventBatch batch, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var gateway = Gateway(batch.Site, batch.Gateway);
        var transitions = new List<SourcedTransition>();
        foreach (var e in batch.Events.OrderBy(e => e.Time))
        {
            switch (e.Type)
            {
                case GatewayEventType.DoorOpened or GatewayEventType.DoorClosed when e.Asset is { } asset:
                    gateway.AddAsset(asset);
                    var slot = Sensor(batch.Site, batch.Gateway, asset, e.Sensor ?? $"{asset}-door");
                    Add(transitions, slot, slot.Evaluator.ObserveDoor(e.Time, e.Type == GatewayEventType.DoorOpened, receivedAt));
                    break;
                case GatewayEventType.PowerLost or GatewayEventType.PowerRestored:
                    Add(transitions, gateway, gateway.Evaluator.ObservePower(e.Time, e.Type == GatewayEventType.PowerLost, receivedAt));
                    break;
            }
        }

        return transitions;
    }

    public List<SourcedTransition> ObserveStatus(GatewayStatus status, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(status);
        var gateway = Gateway(status.Site, status.Gateway);
        var transitions = new List<SourcedTransition>();
        Add(transitions, gateway, gateway.Evaluator.ObserveStatus(status.State == GatewayState.Online, receivedAt));
        return transitions;
    }

    /// <summary>The clock-driven rules: gateway offline past its grace, stale data, doors left open.</summary>
    public List<SourcedTransition> Tick(DateTimeOffset now)
    {
        var transitions = new List<SourcedTransition>();
        foreach (var gateway in _gateways.Values)
        {
            Add(transitions, gateway, gateway.Evaluator.CheckOffline(now));
        }

        foreach (var slot in _sensors.Values)
        {
            // A gateway that is offline explains its sensors' silence: one gateway alarm, not one per sensor.
            if (!_gateways.TryGetValue((slot.Site, slot.Gateway), out var gateway) || !gateway.Evaluator.IsOffline)
            {
                Add(transitions, slot, slot.Evaluator.CheckStale(now));
            }

            Add(transitions, slot, slot.Evaluator.CheckDoor(now));
        }

        return transitions;
    }

    /// <summary>
    /// The registry changed (a profile, a defrost plan): every known sensor is judged by its asset's current rules from
    /// its next reading on, keeping what it has observed so far.
    /// </summary>
    public void Reconfigure()
    {
        foreach (var slot in _sensors.Values)
        {
            slot.Evaluator.Reconfigure(profileFor(slot.Asset) with { LateAfter = lateAfter });
        }
    }

    /// <summary>Takes up an alarm still open from before a restart, so the rules can clear it.</summary>
    public bool Restore(string site, string gateway, string asset, string source, AlarmCondition condition, DateTimeOffset since, double? peak)
    {
        if (condition is AlarmCondition.GatewayOffline or AlarmCondition.PowerLost)
        {
            var slot = Gateway(site, gateway);
            slot.AddAsset(asset);
            return slot.Evaluator.Restore(condition, since);
        }

        return Sensor(site, gateway, asset, source).Evaluator.Restore(condition, since, peak);
    }

    /// <summary>
    /// Per asset, the earliest of its sensors' latest judged measurement times: what the telemetry store holds after it
    /// may not have been judged yet. Sensors never heard from (an alarm taken up at start only) are left out.
    /// </summary>
    public Dictionary<string, DateTimeOffset> LastObservedByAsset()
    {
        var since = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var slot in _sensors.Values)
        {
            if (slot.Evaluator.LastObservedAt is { } at && (!since.TryGetValue(slot.Asset, out var earliest) || at < earliest))
            {
                since[slot.Asset] = at;
            }
        }

        return since;
    }

    /// <summary>The assets a gateway has reported for, in the order first seen.</summary>
    public IReadOnlyCollection<string> AssetsOf(string site, string gateway) =>
        _gateways.TryGetValue((site, gateway), out var slot) ? slot.Assets : [];

    private SensorSlot Sensor(string site, string gateway, string asset, string sensor)
    {
        if (!_sensors.TryGetValue((asset, sensor), out var slot))
        {
            slot = new SensorSlot(site, gateway, asset, new SensorAlarmEvaluator(sensor, profileFor(asset) with { LateAfter = lateAfter }));
            _sensors[(asset, sensor)] = slot;
        }

        // A truck's sensors can move to another gateway (a replaced Pi): alerts follow the one reporting now.
        slot.Gateway = gateway;
        return slot;
    }

    private GatewaySlot Gateway(string site, string gateway)
    {
        if (!_gateways.TryGetValue((site, gateway), out var slot))
        {
            slot = new GatewaySlot(site, gateway, new GatewayAlarmEvaluator(gateway, offlineGrace, lateAfter));
            _gateways[(site, gateway)] = slot;
        }

        return slot;
    }

    private static void Add(List<SourcedTransition> into, SensorSlot slot, IReadOnlyList<AlarmTransition> found)
    {
        foreach (var t in found)
        {
            into.Add(new SourcedTransition(slot.Site, slot.Gateway, slot.Asset, t));
        }
    }

    private static void Add(List<SourcedTransition> into, GatewaySlot slot, IReadOnlyList<AlarmTransition> found)
    {
        foreach (var t in found)
        {
            // A gateway alarm belongs to the asset it serves (a truck's driver must see it); the gateway's id if none is known yet.
            into.Add(new SourcedTransition(slot.Site, slot.Gateway, slot.Assets.FirstOrDefault() ?? slot.Gateway, t));
        }
    }

    private sealed class SensorSlot(string site, string gateway, string asset, SensorAlarmEvaluator evaluator)
    {
        public string Site { get; } = site;

        public string Gateway { get; set; } = gateway;

        public string Asset { get; } = asset;

        public SensorAlarmEvaluator Evaluator { get; } = evaluator;
    }

    private sealed class GatewaySlot(string site, string gateway, GatewayAlarmEvaluator evaluator)
    {
        public string Site { get; } = site;

        public string Gateway { get; } = gateway;

        public List<string> Assets { get; } = [];

        public GatewayAlarmEvaluator Evaluator { get; } = evaluator;

        public void AddAsset(string asset)
        {
            if (!Assets.Contains(asset, StringComparer.Ordinal))
            {
                Assets.Add(asset);
            }
        }
    }
}
