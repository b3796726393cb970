using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Telemetry;

/// <summary>One measurement of one sensor, stamped when it was measured (not when it was sent).</summary>
public sealed record Reading
{
    [JsonPropertyName("sensor")]
    public required string Sensor { get; init; }

    [JsonPropertyName("asset")]
    public required string Asset { get; init; }

    /// <summary>Measurement time, UTC, millisecond precision on the wire.</summary>
    [JsonPropertyName("ts")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("quantity")]
    public required Quantity Quantity { get; init; }

    [JsonPropertyName("unit")]
    public required string Unit { get; init; }

    /// <summary>Null only when <see cref="Status"/> is <see cref="ReadingStatus.SensorFault"/>.</summary>
    [JsonPropertyName("value")]
    public double? Value { get; init; }

    [JsonPropertyName("status")]
    public required ReadingStatus Status { get; init; }
}
