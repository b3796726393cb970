using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Telemetry;

/// <summary>The <c>coldchain.telemetry.v1</c> message: a batch of readings from one gateway.</summary>
public sealed record TelemetryBatch
{
    public const string SchemaId = "coldchain.telemetry.v1";

    [JsonPropertyName("schema")]
    [JsonRequired]
    public string Schema { get; init; } = SchemaId;

    [JsonPropertyName("site")]
    public required string Site { get; init; }

    [JsonPropertyName("gateway")]
    public required string Gateway { get; init; }

    /// <summary>Per-gateway batch number: strictly increasing and kept across reboots, for duplicate and gap detection.</summary>
    [JsonPropertyName("seq")]
    public required long Seq { get; init; }

    [JsonPropertyName("sent_at")]
    public required DateTimeOffset SentAt { get; init; }

    [JsonPropertyName("readings")]
    public required IReadOnlyList<Reading> Readings { get; init; }
}
