using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Status;

/// <summary>The retained <c>coldchain.status.v1</c> message; the Last Will carries the <see cref="GatewayState.Offline"/> form.</summary>
public sealed record GatewayStatus
{
    public const string SchemaId = "coldchain.status.v1";

    [JsonPropertyName("schema")]
    [JsonRequired]
    public string Schema { get; init; } = SchemaId;

    [JsonPropertyName("site")]
    public required string Site { get; init; }

    [JsonPropertyName("gateway")]
    public required string Gateway { get; init; }

    [JsonPropertyName("state")]
    public required GatewayState State { get; init; }

    [JsonPropertyName("ts")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("health")]
    public GatewayHealth? Health { get; init; }
}
