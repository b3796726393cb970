using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Alerts;

/// <summary>
/// The <c>coldchain.alert.v1</c> message on <c>coldchain/v1/{site}/{gateway}/alerts</c> (QoS 1, not retained): an alert
/// for the cab (buzzer, LED), raised or cleared by the platform. The driver's acknowledgement comes back as an
/// <c>alert_acknowledged</c> event naming the alert id.
/// </summary>
public sealed record CabAlert
{
    public const string SchemaId = "coldchain.alert.v1";

    [JsonPropertyName("schema")]
    [JsonRequired]
    public string Schema { get; init; } = SchemaId;

    [JsonPropertyName("site")]
    public required string Site { get; init; }

    [JsonPropertyName("gateway")]
    public required string Gateway { get; init; }

    /// <summary>The platform's alarm or alert id; a later message with the same id and <see cref="CabAlertAction.Clear"/> ends it.</summary>
    [JsonPropertyName("alert_id")]
    public required string AlertId { get; init; }

    [JsonPropertyName("action")]
    public required CabAlertAction Action { get; init; }

    [JsonPropertyName("ts")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("asset")]
    public string? Asset { get; init; }

    /// <summary>What the cab display shows, e.g. "Truck 1 above 8 °C for 15 min".</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
