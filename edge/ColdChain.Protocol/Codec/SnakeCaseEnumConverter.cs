using System.Text.Json;
using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Codec;

/// <summary>
/// Enums travel as snake_case words (<c>sensor_fault</c>), matched exactly. Numbers, other spellings
/// (<c>SensorFault</c>, <c> ok</c>) and comma-joined lists (<c>ok,sensor_fault</c>, which
/// <see cref="JsonStringEnumConverter{TEnum}"/> would read as flags even on a non-flags enum) are refused,
/// so an unknown or combined value cannot slip in.
/// </summary>
public sealed class SnakeCaseEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private const int MaxEchoedLength = 64;

    private static readonly TEnum[] Values = Enum.GetValues<TEnum>();

    private static readonly string[] Names = Array.ConvertAll(Values, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly JsonEncodedText[] EncodedNames = Array.ConvertAll(Names, n => JsonEncodedText.Encode(n));

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"a {typeof(TEnum).Name} is one of the strings {string.Join(", ", Names)}, not a {reader.TokenType}");
        }

        return ReadWord(ref reader);
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(EncodedNames[IndexOrThrow(value)]);
    }

    public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadWord(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(EncodedNames[IndexOrThrow(value)]);
    }

    private static TEnum ReadWord(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (reader.ValueTextEquals(Names[i]))
            {
                return Values[i];
            }
        }

        var text = reader.GetString() ?? string.Empty;
        var echoed = text.Length > MaxEchoedLength ? text[..MaxEchoedLength] + "…" : text;
        throw new JsonException($"'{echoed}' is not a {typeof(TEnum).Name}; expected one of {string.Join(", ", Names)}");
    }

    private static int IndexOf(TEnum value)
    {
        for (var i = 0; i < Values.Length; i++)
        {
            if (EqualityComparer<TEnum>.Default.Equals(Values[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOrThrow(TEnum value)
    {
        var index = IndexOf(value);
        return index >= 0 ? index : throw new JsonException($"{value} is not a defined {typeof(TEnum).Name} and has no wire name");
    }
}
