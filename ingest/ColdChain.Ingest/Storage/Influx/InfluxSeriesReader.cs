using System.Text;
using System.Text.Json;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// Reads the answer to the reading query (<see cref="InfluxQl.SelectReadings"/>: <c>GROUP BY</c> the tags, so a row is
/// just time, value and status) with <see cref="Utf8JsonReader"/> straight from the bytes of each chunk: no DOM, no
/// string per row. A series cut across chunks (<c>"partial":true</c>) is continued by name and tags. <see cref="Merge"/>
/// then interleaves the series, each already in time order, into the port's order.
/// </summary>
internal sealed class InfluxSeriesReader(string asset)
{
    private static readonly (byte[] Utf8, Quantity Value)[] Quantities =
        [.. Enum.GetValues<Quantity>().Select(q => (Encoding.UTF8.GetBytes(q.WireName()), q))];

    private static readonly (byte[] Utf8, ReadingStatus Value)[] Statuses =
        [.. Enum.GetValues<ReadingStatus>().Select(s => (Encoding.UTF8.GetBytes(s.WireName()), s))];

    private readonly Dictionary<SeriesKey, List<StoredReading>> _series = [];

    public int Count { get; private set; }

    /// <summary>Adds the rows of one chunk (one JSON document); throws <see cref="InfluxException"/> for an error or an unexpected shape.</summary>
    public void ReadChunk(ReadOnlySpan<byte> json)
    {
        try
        {
            ReadDocument(json);
        }
        catch (JsonException e)
        {
            throw new InfluxException($"InfluxDB answered with JSON that cannot be read: {e.Message}", inner: e);
        }
    }

    private void ReadDocument(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        Expect(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "results":
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        ReadResult(ref reader);
                    }

                    break;
                case "error":
                    throw Failed(ref reader);
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>All readings, oldest first; readings at the same instant by quantity, site, gateway and sensor (ordinal).</summary>
    public List<StoredReading> Merge()
    {
        var series = _series.OrderBy(s => s.Key.Quantity.WireName(), StringComparer.Ordinal)
            .ThenBy(s => s.Key.Site, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Gateway, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Sensor, StringComparer.Ordinal)
            .Select(s => s.Value)
            .ToList();
        var merged = new List<StoredReading>(Count);
        var next = new int[series.Count];
        var queue = new PriorityQueue<int, (long Ticks, int Rank)>(series.Count);
        for (var rank = 0; rank < series.Count; rank++)
        {
            if (series[rank].Count > 0)
            {
                queue.Enqueue(rank, (series[rank][0].Time.UtcTicks, rank));
            }
        }

        while (queue.TryDequeue(out var rank, out _))
        {
            var rows = series[rank];
            merged.Add(rows[next[rank]++]);
            if (next[rank] < rows.Count)
            {
                queue.Enqueue(rank, (rows[next[rank]].Time.UtcTicks, rank));
            }
        }

        // Each series arrives in time order from InfluxDB; should one not, the port's order is still kept.
        ReadingOrder.SortIfNeeded(merged);
        return merged;
    }

    private void ReadResult(ref Utf8JsonReader reader)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartObject);
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "series":
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        ReadSeries(ref reader);
                    }

                    break;
                case "error":
                    throw Failed(ref reader);
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private void ReadSeries(ref Utf8JsonReader reader)
    {
        ExpectCurrent(ref reader, JsonTokenType.StartObject);
        string? name = null;
        Quantity? quantity = null;
        string site = string.Empty, gateway = string.Empty, sensor = string.Empty;
        int time = -1, value = -1, status = -1, columns = 0;
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "name":
                    Expect(ref reader, JsonTokenType.String);
                    name = reader.GetString();
                    quantity = Known(Quantities, ref reader) ?? throw new InfluxException($"InfluxDB answered with an unexpected measurement '{name}'");
                    break;
                case "tags":
                    Expect(ref reader, JsonTokenType.StartObject);
                    while (NextProperty(ref reader) is { } tag)
                    {
                        var text = Next(ref reader) == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty;
                        switch (tag)
                        {
                            case "site": site = text; break;
                            case "gateway": gateway = text; break;
                            case "sensor": sensor = text; break;
                        }
                    }

                    break;
                case "columns":
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (Next(ref reader) == JsonTokenType.String)
                    {
                        switch (reader.GetString())
                        {
                            case "time": time = columns; break;
                            case "value": value = columns; break;
                            case "status": status = columns; break;
                        }

                        columns++;
                    }

                    break;
                case "values":
                    if (quantity is not { } q || time < 0 || value < 0 || status < 0)
                    {
                        throw new InfluxException("InfluxDB answered rows before naming the measurement and the columns time, value and status");
                    }

                    ReadRows(ref reader, Rows(new SeriesKey(q, site, gateway, sensor)), q, name!, site, gateway, sensor, time, value, status);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private void ReadRows(
        ref Utf8JsonReader reader, List<StoredReading> rows, Quantity quantity, string name, string site, string gateway, string sensor,
        int timeColumn, int valueColumn, int statusColumn)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        while (Next(ref reader) == JsonTokenType.StartArray)
        {
            long? time = null;
            double? value = null;
            ReadingStatus? status = null;
            for (var column = 0; Next(ref reader) != JsonTokenType.EndArray; column++)
            {
                if (column == timeColumn && reader.TokenType == JsonTokenType.Number)
                {
                    time = reader.GetInt64();
                }
                else if (column == valueColumn && reader.TokenType == JsonTokenType.Number)
                {
                    value = reader.GetDouble();
                }
                else if (column == statusColumn && reader.TokenType == JsonTokenType.String)
                {
                    status = Known(Statuses, ref reader) ?? throw new InfluxException($"InfluxDB holds an unknown status '{reader.GetString()}' in {name}");
                }
                else if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
            }

            rows.Add(new StoredReading(
                site, gateway, asset, sensor, quantity,
                StoreTime.FromMilliseconds(time ?? throw new InfluxException($"InfluxDB answered a row of {name} without a time")),
                value,
                status ?? throw new InfluxException($"InfluxDB answered a row of {name} without a status")));
            Count++;
        }
    }

    private List<StoredReading> Rows(SeriesKey key)
    {
        if (!_series.TryGetValue(key, out var rows))
        {
            _series[key] = rows = [];
        }

        return rows;
    }

    private static T? Known<T>((byte[] Utf8, T Value)[] known, ref Utf8JsonReader reader)
        where T : struct
    {
        foreach (var (utf8, value) in known)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return value;
            }
        }

        return null;
    }

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

    private readonly record struct SeriesKey(Quantity Quantity, string Site, string Gateway, string Sensor);
}
