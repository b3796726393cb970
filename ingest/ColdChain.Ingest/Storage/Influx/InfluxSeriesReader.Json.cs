using System.Text;
using System.Text.Json;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>The JSON answer (every InfluxDB speaks it), read with <see cref="Utf8JsonReader"/>.</summary>
internal sealed partial class InfluxSeriesReader
{
    private delegate void ElementReader(ref Utf8JsonReader reader);

    /// <summary>Adds the rows of one JSON chunk; throws <see cref="InfluxException"/> for an error or an unexpected shape.</summary>
    public void ReadJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            Next(ref reader);
            ReadContainer(ref reader, "results", (ref Utf8JsonReader result) => ReadContainer(ref result, "series", ReadSeries));
        }
        catch (JsonException e)
        {
            throw new InfluxException($"InfluxDB answered with JSON that cannot be read: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// An answer and each of its results have the same shape: an object holding an array (<paramref name="array"/>,
    /// each element read by <paramref name="readElement"/>) or an <c>error</c>; anything else is skipped.
    /// </summary>
    private static void ReadContainer(ref Utf8JsonReader reader, string array, ElementReader readElement)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader) is { } property)
        {
            if (property == array)
            {
                Expect(ref reader, JsonTokenType.StartArray);
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    readElement(ref reader);
                }
            }
            else if (property == "error")
            {
                throw Failed(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadSeries(ref Utf8JsonReader reader)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartObject);
        var header = new SeriesHeader();
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "name":
                    Expect(ref reader, JsonTokenType.String);
                    header.Name = reader.GetString();
                    header.Quantity = KnownQuantity(Utf8(ref reader));
                    break;
                case "tags":
                    Expect(ref reader, JsonTokenType.StartObject);
                    while (NextProperty(ref reader) is { } tag)
                    {
                        header.Tag(tag, Next(ref reader) == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty);
                    }

                    break;
                case "columns":
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (Next(ref reader) == JsonTokenType.String)
                    {
                        header.Column(reader.GetString());
                    }

                    break;
                case "values":
                    ReadRows(ref reader, RowsOf(header), header);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private void ReadRows(ref Utf8JsonReader reader, ReadingChunks rows, SeriesHeader header)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) == JsonTokenType.StartArray)
        {
            long? time = null;
            double? value = null;
            ReadingStatus? status = null;
            for (var column = 0; Next(ref reader) != JsonTokenType.EndArray; column++)
            {
                if (column == header.Time && reader.TokenType == JsonTokenType.Number)
                {
                    time = reader.GetInt64();
                }
                else if (column == header.Value && reader.TokenType == JsonTokenType.Number)
                {
                    value = reader.GetDouble();
                }
                else if (column == header.Status && reader.TokenType == JsonTokenType.String)
                {
                    status = KnownStatus(Utf8(ref reader), header);
                }
                else if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
            }

            AddRow(rows, header, time, value, status);
        }
    }

    /// <summary>The string's UTF-8 bytes as they stand, unescaped only where the answer escaped them.</summary>
    private static ReadOnlySpan<byte> Utf8(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty) : reader.ValueSpan;

    private static InfluxException Failed(ref Utf8JsonReader reader)
    {
        reader.Read();
        return new InfluxException($"InfluxDB query failed: {(reader.TokenType == JsonTokenType.String ? reader.GetString() : "error")}");
    }

    /// <summary>The next property's name with the reader on it, or null at the end of the object.</summary>
    private static string? NextProperty(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.PropertyName ? reader.GetString() : null;

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new InfluxException("InfluxDB answered with a cut-off JSON document");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        Next(ref reader);
        ExpectCurrent(ref reader, type);
    }

    private static void ExpectCurrent(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new InfluxException($"InfluxDB answered with an unexpected JSON shape: {reader.TokenType} where {type} belongs");
        }
    }
}
