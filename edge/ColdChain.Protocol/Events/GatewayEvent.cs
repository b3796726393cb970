using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Events;

/// <summary>Something that happened at the gateway, stamped when it happened.</summary>
public sealed record GatewayEvent
{
    [JsonPropertyName("type")]
    public required GatewayEventType Type { get; init; }

    [JsonPropertyName("ts")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("sensor")]
    public string? Sensor { get; init; }

    [JsonPropertyName("asset")]
    public string? Asset { get; init; }

    /// <summary>
    /// For <c>alert_acknowledged</c>: the <c>alert_id</c> of the platform's cab alert the button acknowledged (one event
    /// per alert), so the platform acknowledges that alarm; omitted for a purely local alarm.
    /// </summary>
    [JsonPropertyName("alert_id")]
    public string? AlertId { get; init; }

    /// <summary>Human-readable detail: the fault, the rejected config's reason, the acknowledging button.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }
}
