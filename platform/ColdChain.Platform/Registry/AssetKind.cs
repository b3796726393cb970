using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Platform.Registry;

[JsonConverter(typeof(SnakeCaseEnumConverter<AssetKind>))]
public enum AssetKind
{
    ColdRoom,
    Freezer,
    Truck,
    Trailer,
    Compartment,
}
