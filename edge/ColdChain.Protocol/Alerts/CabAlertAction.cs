using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Protocol.Alerts;

[JsonConverter(typeof(SnakeCaseEnumConverter<CabAlertAction>))]
public enum CabAlertAction
{
    Raise,
    Clear,
}
