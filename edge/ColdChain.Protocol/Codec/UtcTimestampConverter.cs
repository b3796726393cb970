using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Codec;

/// <summary>
/// Timestamps on the wire are ISO-8601 with an explicit zone; we write UTC with milliseconds
/// (<c>2026-11-25T13:51:11.123Z</c>). A time without a zone is ambiguous and refused.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string WireFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a timestamp must be an ISO-8601 string");
        }

        var text = reader.GetString()!;
        if (!HasExplicitZone(text) || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException($"'{text}' is not an ISO-8601 timestamp with a zone (e.g. 2026-01-31T12:00:00.000Z)");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture);

    /// <summary>Truncates to the millisecond precision the wire carries.</summary>
    public static DateTimeOffset ToWirePrecision(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static bool HasExplicitZone(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        // ...+hh:mm or ...-hh:mm after the time part.
        return text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':' && text.IndexOf('T', StringComparison.Ordinal) > 0;
    }
}
