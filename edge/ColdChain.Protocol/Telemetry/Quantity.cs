using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Protocol.Telemetry;

/// <summary>What a reading measures. Each quantity has one canonical unit and one InfluxDB measurement.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<Quantity>))]
public enum Quantity
{
    Temperature,
    Humidity,

    /// <summary>Door contact state sampled with the readings: 1 = open, 0 = closed.</summary>
    Door,
}

public static class QuantityExtensions
{
    public const string Celsius = "°C";
    public const string RelativeHumidity = "%RH";
    public const string DoorState = "open";

    public static string CanonicalUnit(this Quantity quantity) => quantity switch
    {
        Quantity.Temperature => Celsius,
        Quantity.Humidity => RelativeHumidity,
        Quantity.Door => DoorState,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "unknown quantity"),
    };

    /// <summary>The lower-case wire name, also the InfluxDB measurement name.</summary>
    public static string WireName(this Quantity quantity) => quantity switch
    {
        Quantity.Temperature => "temperature",
        Quantity.Humidity => "humidity",
        Quantity.Door => "door",
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "unknown quantity"),
    };

    public static bool TryParseWireName(string? name, out Quantity quantity)
    {
        foreach (var candidate in Enum.GetValues<Quantity>())
        {
            if (string.Equals(candidate.WireName(), name, StringComparison.Ordinal))
            {
                quantity = candidate;
                return true;
            }
        }

        quantity = default;
        return false;
    }
}
