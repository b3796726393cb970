using System.Text.Json;
using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Codec;

/// <summary>Enums travel as snake_case words (<c>sensor_fault</c>); numbers are refused so an unknown value cannot slip in.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
