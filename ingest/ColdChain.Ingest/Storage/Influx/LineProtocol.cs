using System.Globalization;
using System.Text;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// InfluxDB line protocol for one reading:
/// <c>temperature,site=…,gateway=…,asset=…,sensor=… value=3.25,status="ok" 1764078671123</c> (ms precision).
/// </summary>
internal static class LineProtocol
{
    public static void AppendLine(StringBuilder line, StoredReading reading)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(reading);
        AppendMeasurement(line, reading.Quantity.WireName());
        AppendTag(line, "site", reading.Site);
        AppendTag(line, "gateway", reading.Gateway);
        AppendTag(line, "asset", reading.Asset);
        AppendTag(line, "sensor", reading.Sensor);
        line.Append(' ');

        // A sensor_fault reading has no value: the point carries only its status, never a made-up number.
        if (reading.Value is { } value)
        {
            line.Append("value=").Append(FormatFloat(value)).Append(',');
        }

        line.Append("status=");
        AppendStringField(line, reading.Status.WireName());
        line.Append(' ').Append(StoreTime.ToMilliseconds(reading.Time).ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public static string Line(StoredReading reading)
    {
        var line = new StringBuilder();
        AppendLine(line, reading);
        return line.ToString();
    }

    /// <summary>Measurement names escape commas and spaces.</summary>
    public static void AppendMeasurement(StringBuilder line, string measurement) => AppendEscaped(line, measurement, "measurement", escapeEquals: false);

    /// <summary>Tag keys and values escape commas, equals signs and spaces.</summary>
    public static void AppendTag(StringBuilder line, string key, string value)
    {
        line.Append(',');
        AppendEscaped(line, key, "tag key", escapeEquals: true);
        line.Append('=');
        AppendEscaped(line, value, $"tag '{key}'", escapeEquals: true);
    }

    /// <summary>String field values are double-quoted; quotes and backslashes inside are escaped.</summary>
    public static void AppendStringField(StringBuilder line, string value)
    {
        line.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                line.Append('\\');
            }

            line.Append(c);
        }

        line.Append('"');
    }

    /// <summary>Round-trip ("R") invariant formatting: the stored float is the bit-exact double that was sent.</summary>
    public static string FormatFloat(double value) =>
        double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "line protocol cannot carry NaN or infinity");

    private static void AppendEscaped(StringBuilder line, string text, string what, bool escapeEquals)
    {
        if (string.IsNullOrEmpty(text))
        {
            // InfluxDB drops an empty tag, so the reading could not be found by it again.
            throw new ArgumentException($"{what} is empty; line protocol cannot carry an empty {what}", nameof(text));
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n' or '\r':
                    throw new ArgumentException($"{what} '{text}' holds a line break, which line protocol cannot carry", nameof(text));
                case '\\' when i == text.Length - 1 || IsEscapable(text[i + 1], escapeEquals):
                    // InfluxDB 1.x keeps a backslash literally except before a character it escapes, where no
                    // spelling yields "\," (or a trailing "\"): refuse rather than store something else.
                    throw new ArgumentException($"{what} '{text}' has a backslash line protocol cannot carry unambiguously", nameof(text));
                case ',' or ' ':
                case '=' when escapeEquals:
                    line.Append('\\').Append(c);
                    break;
                default:
                    line.Append(c);
                    break;
            }
        }
    }

    private static bool IsEscapable(char c, bool escapeEquals) => c is ',' or ' ' || (escapeEquals && c == '=');
}
