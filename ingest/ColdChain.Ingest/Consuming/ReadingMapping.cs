using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Validation;

namespace ColdChain.Ingest.Consuming;

/// <summary>Wire messages to the rows the store keeps.</summary>
internal static class ReadingMapping
{
    public static List<StoredReading> FromTelemetry(TelemetryBatch batch) =>
        batch.Readings
            .Select(r => new StoredReading(batch.Site, batch.Gateway, r.Asset, r.Sensor, r.Quantity, r.Time, r.Value, r.Status))
            .ToList();

    /// <summary>
    /// Door openings and closings become <c>door</c> readings (1 open, 0 closed) at the moment they happened, so a
    /// door's history reads like any other quantity's. Other events are not readings.
    /// </summary>
    public static List<StoredReading> FromEvents(EventBatch batch) =>
        batch.Events
            .Where(e => IsDoorEvent(e.Type))
            .Select(e => new StoredReading(
                batch.Site, batch.Gateway, e.Asset!, e.Sensor!, Quantity.Door, e.Time, e.Type == GatewayEventType.DoorOpened ? 1 : 0, ReadingStatus.Ok))
            .ToList();

    /// <summary>Mains-power events (<c>power_lost</c>, <c>power_restored</c>) for the gateway-health store.</summary>
    public static List<GatewayObservation> PowerChanges(EventBatch batch) =>
        batch.Events
            .Where(e => e.Type is GatewayEventType.PowerLost or GatewayEventType.PowerRestored)
            .Select(e => GatewayObservation.Power(batch.Site, batch.Gateway, e.Time, e.Type == GatewayEventType.PowerRestored))
            .ToList();

    /// <summary>What ingest needs beyond the protocol's rules: a door event must say which door (sensor and asset).</summary>
    public static IEnumerable<ValidationError> StorageProblems(EventBatch batch)
    {
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var e = batch.Events[i];
            if (!IsDoorEvent(e.Type))
            {
                continue;
            }

            if (e.Sensor is null)
            {
                yield return new ValidationError($"events[{i}].sensor", "a door event must name its sensor");
            }

            if (e.Asset is null)
            {
                yield return new ValidationError($"events[{i}].asset", "a door event must name its asset");
            }
        }
    }

    private static bool IsDoorEvent(GatewayEventType type) => type is GatewayEventType.DoorOpened or GatewayEventType.DoorClosed;
}
