using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Status;

/// <summary>
/// A calibration the gateway applies to a sensor's readings, from its certificate: reported in every status so the
/// platform (and an auditor) can see which certificate stands behind the readings now, not only when a config changed.
/// </summary>
public sealed record GatewayCalibration
{
    public const string Offset = "offset";

    public const string TwoPoint = "two_point";

    /// <summary>The sensor id of the readings it corrects.</summary>
    [JsonPropertyName("sensor")]
    public required string Sensor { get; init; }

    /// <summary><see cref="Offset"/> or <see cref="TwoPoint"/>.</summary>
    [JsonPropertyName("method")]
    public required string Method { get; init; }

    [JsonPropertyName("certificate")]
    public required string Certificate { get; init; }

    [JsonPropertyName("calibrated_on")]
    public required DateOnly CalibratedOn { get; init; }
}
