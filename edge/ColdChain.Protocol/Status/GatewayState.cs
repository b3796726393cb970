using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Protocol.Status;

[JsonConverter(typeof(SnakeCaseEnumConverter<GatewayState>))]
public enum GatewayState
{
    Online,

    /// <summary>Set by the gateway on a clean shutdown and by the broker's Last Will when it vanishes.</summary>
    Offline,
}
