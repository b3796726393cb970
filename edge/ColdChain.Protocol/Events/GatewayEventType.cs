using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Protocol.Events;

[JsonConverter(typeof(SnakeCaseEnumConverter<GatewayEventType>))]
public enum GatewayEventType
{
    DoorOpened,
    DoorClosed,
    SensorFault,
    SensorRecovered,
    LocalAlarmRaised,
    LocalAlarmCleared,
    AlertAcknowledged,
    PowerLost,
    PowerRestored,
    BufferNearFull,
    ConfigApplied,
    ConfigRejected,
}
