using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Tests.Consuming;

/// <summary>Valid wire messages stamped a few minutes ago (the validator refuses future and month-old readings).</summary>
internal static class Batches
{
    public static DateTimeOffset Recent => UtcTimestampConverter.ToWirePrecision(TimeProvider.System.GetUtcNow().AddMinutes(-10));

    public static TelemetryBatch Telemetry(string site, string gateway, string asset, int readings, long seq = 1)
    {
        var start = Recent;
        return new TelemetryBatch
        {
            Site = site,
            Gateway = gateway,
            Seq = seq,
            SentAt = start.AddMinutes(5),
            Readings = [.. Enumerable.Range(0, readings).Select(i => i % 10 == 9
                ? new Reading { Sensor = "probe-1", Asset = asset, Time = start.AddSeconds(i), Quantity = Quantity.Temperature, Unit = "°C", Value = null, Status = ReadingStatus.SensorFault }
                : new Reading { Sensor = "probe-1", Asset = asset, Time = start.AddSeconds(i), Quantity = Quantity.Temperature, Unit = "°C", Value = 2.0 + (i * 0.125), Status = ReadingStatus.Ok })],
        };
    }

    public static EventBatch DoorEvents(string site, string gateway, string asset)
    {
        var start = Recent;
        return new EventBatch
        {
            Site = site,
            Gateway = gateway,
            Seq = 1,
            Events =
            [
                new GatewayEvent { Type = GatewayEventType.DoorOpened, Time = start, Sensor = "door-1", Asset = asset },
                new GatewayEvent { Type = GatewayEventType.LocalAlarmRaised, Time = start.AddSeconds(5), Sensor = "probe-1", Asset = asset, Detail = "too warm" },
                new GatewayEvent { Type = GatewayEventType.DoorClosed, Time = start.AddSeconds(40), Sensor = "door-1", Asset = asset },
            ],
        };
    }
}
