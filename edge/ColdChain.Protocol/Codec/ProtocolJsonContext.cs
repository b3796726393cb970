using System.Text.Json.Serialization;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Protocol.Codec;

[JsonSourceGenerationOptions(
    Converters = [typeof(UtcTimestampConverter)],
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 16)]
[JsonSerializable(typeof(TelemetryBatch))]
[JsonSerializable(typeof(EventBatch))]
[JsonSerializable(typeof(GatewayStatus))]
[JsonSerializable(typeof(CabAlert))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
