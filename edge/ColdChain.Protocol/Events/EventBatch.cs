using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Events;

/// <summary>The <c>coldchain.events.v1</c> message.</summary>
public sealed record EventBatch
{
    public const string SchemaId = "coldchain.events.v1";

    [JsonPropertyName("schema")]
    [JsonRequired]
    public string Schema { get; init; } = SchemaId;

    [JsonPropertyName("site")]
    public required string Site { get; init; }

    [JsonPropertyName("gateway")]
    public required string Gateway { get; init; }

    [JsonPropertyName("seq")]
    public required long Seq { get; init; }

    [JsonPropertyName("events")]
    public required IReadOnlyList<GatewayEvent> Events { get; init; }
}
