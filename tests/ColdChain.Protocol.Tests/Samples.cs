using System.Text;
using System.Text.Json.Nodes;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Protocol.Tests;

/// <summary>Hand-built, valid messages of each kind, stamped relative to one fixed instant.</summary>
internal static class Samples
{
    /// <summary>The receiver's clock in every test that needs one.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);

    public static Reading Temperature(double? value = 3.5, ReadingStatus status = ReadingStatus.Ok, string sensor = "t-1") => new()
    {
        Sensor = sensor,
        Asset = "room-a",
        Time = Now.AddSeconds(-30),
        Quantity = Quantity.Temperature,
        Unit = QuantityExtensions.Celsius,
        Value = value,
        Status = status,
    };

    public static Reading Humidity(double? value = 81.25) => new()
    {
        Sensor = "h-1",
        Asset = "room-a",
        Time = Now.AddSeconds(-30),
        Quantity = Quantity.Humidity,
        Unit = QuantityExtensions.RelativeHumidity,
        Value = value,
        Status = ReadingStatus.Ok,
    };

    public static Reading Door(double? value = 1) => new()
    {
        Sensor = "door.main",
        Asset = "truck_7",
        Time = Now.AddSeconds(-10),
        Quantity = Quantity.Door,
        Unit = QuantityExtensions.DoorState,
        Value = value,
        Status = ReadingStatus.Ok,
    };

    public static TelemetryBatch Telemetry(params Reading[] readings) => new()
    {
        Site = "site-1",
        Gateway = "gw-1",
        Seq = 42,
        SentAt = Now,
        Readings = readings.Length == 0
            ? [Temperature(), Humidity(), Door(), Temperature(value: null, status: ReadingStatus.SensorFault, sensor: "t-2"), Temperature(-40, ReadingStatus.OutOfRange, "t-3")]
            : readings,
    };

    public static EventBatch Events(params GatewayEvent[] events) => new()
    {
        Site = "site-1",
        Gateway = "gw-1",
        Seq = 7,
        Events = events.Length == 0
            ? [.. Enum.GetValues<GatewayEventType>().Select((type, i) => new GatewayEvent
            {
                Type = type,
                Time = Now.AddSeconds(-i),
                Sensor = i % 2 == 0 ? "t-1" : null,
                Asset = i % 3 == 0 ? "room-a" : null,
                Detail = i % 4 == 0 ? $"detail \"{i}\" with ünïcode ✓ and \\ and \n" : null,
            })]
            : events,
    };

    public static GatewayStatus Online() => new()
    {
        Site = "site-1",
        Gateway = "gw-1",
        State = GatewayState.Online,
        Time = Now,
        Health = new GatewayHealth
        {
            Version = "1.4.2+abc",
            UptimeSeconds = 86_400,
            OutboxDepth = 12,
            OldestUnsentSeconds = 31.5,
            ClockSynced = true,
            ConfigVersion = 9,
            CpuTemperatureCelsius = 48.25,
            DiskFreeBytes = 12_345_678_901,
            Signal = new GatewaySignal { Link = GatewaySignal.Cellular, Dbm = -87, QualityPercent = 61 },
            Calibrations =
            [
                new GatewayCalibration { Sensor = "t-1", Method = GatewayCalibration.Offset, Certificate = "CAL-2026-0113-07", CalibratedOn = new DateOnly(2026, 1, 13) },
                new GatewayCalibration { Sensor = "h-1", Method = GatewayCalibration.TwoPoint, Certificate = "CAL-2026-0113-09", CalibratedOn = new DateOnly(2026, 1, 13) },
            ],
        },
    };

    public static GatewayStatus Offline() => new()
    {
        Site = "site-1",
        Gateway = "gw-1",
        State = GatewayState.Offline,
        Time = Now,
    };

    public static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    public static JsonObject Json(byte[] utf8) => JsonNode.Parse(utf8)!.AsObject();

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static JsonObject TelemetryJson() => Json(ProtocolCodec.Encode(Telemetry(Temperature())));

    public static JsonObject EventsJson() => Json(ProtocolCodec.Encode(Events(new GatewayEvent { Type = GatewayEventType.DoorOpened, Time = Now, Sensor = "d-1", Asset = "room-a", AlertId = "0199a1b2-0000-7000-8000-000000000001", Detail = "x" })));

    public static JsonObject StatusJson() => Json(ProtocolCodec.Encode(Online()));
}
