using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Status;

/// <summary>
/// The radio link the gateway's uplink runs over: Wi-Fi or cellular, its received signal level and link quality.
/// A wired gateway sends no signal at all (absent, not zero); either measure may be unknown on its own.
/// </summary>
public sealed record GatewaySignal
{
    public const string Wifi = "wifi";

    public const string Cellular = "cellular";

    /// <summary>Weakest and strongest received levels the validator accepts, dBm (cellular RSSI bottoms out near −120).</summary>
    public const double MinDbm = -150;

    public const double MaxDbm = 0;

    /// <summary><see cref="Wifi"/> or <see cref="Cellular"/>.</summary>
    [JsonPropertyName("link")]
    public required string Link { get; init; }

    /// <summary>Received signal level, dBm (Wi-Fi: the driver's level; cellular: RSSI).</summary>
    [JsonPropertyName("dbm")]
    public double? Dbm { get; init; }

    /// <summary>Link quality 0–100 % (Wi-Fi: the driver's link quality on its own scale; cellular: the modem's signal quality).</summary>
    [JsonPropertyName("quality_pct")]
    public double? QualityPercent { get; init; }
}
