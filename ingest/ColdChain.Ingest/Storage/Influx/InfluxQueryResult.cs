using System.Text.Json;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// Reads the JSON InfluxDB answers to <c>/query?chunked=true</c>: one <c>{"results":[…]}</c> document per line, each
/// with series of <c>columns</c> and <c>values</c>. Columns are found by name, not position.
/// </summary>
internal static class InfluxQueryResult
{
    /// <summary>Adds the readings of one chunk to <paramref name="readings"/>; throws <see cref="InfluxException"/> for an error.</summary>
    public static void ReadChunk(string json, List<StoredReading> readings)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        ThrowIfError(root);
        if (!root.TryGetProperty("results", out var results))
        {
            return;
        }

        foreach (var result in results.EnumerateArray())
        {
            ThrowIfError(result);
            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var one in series.EnumerateArray())
            {
                ReadSeries(one, readings);
            }
        }
    }

    /// <summary>The <c>error</c> of a result, or null: for CREATE DATABASE and other statements that return no rows.</summary>
    public static string? ErrorOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (Error(root) is { } error)
        {
            return error;
        }

        if (root.TryGetProperty("results", out var results))
        {
            foreach (var result in results.EnumerateArray())
            {
                if (Error(result) is { } statementError)
                {
                    return statementError;
                }
            }
        }

        return null;
    }

    private static void ReadSeries(JsonElement series, List<StoredReading> readings)
    {
        var name = series.GetProperty("name").GetString();
        if (!QuantityExtensions.TryParseWireName(name, out var quantity))
        {
            throw new InfluxException($"InfluxDB answered with an unexpected measurement '{name}'");
        }

        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToList();
        int Column(string column) =>
            columns.IndexOf(column) is var i and >= 0 ? i : throw new InfluxException($"InfluxDB answered without the column '{column}'");

        var (time, value, status, site, gateway, asset, sensor) =
            (Column("time"), Column("value"), Column("status"), Column("site"), Column("gateway"), Column("asset"), Column("sensor"));
        if (!series.TryGetProperty("values", out var rows))
        {
            return;
        }

        foreach (var row in rows.EnumerateArray())
        {
            var statusText = row[status].GetString();
            if (!ReadingStatusExtensions.TryParseWireName(statusText, out var readingStatus))
            {
                throw new InfluxException($"InfluxDB holds an unknown status '{statusText}' in {name}");
            }

            readings.Add(new StoredReading(
                Site: row[site].GetString() ?? string.Empty,
                Gateway: row[gateway].GetString() ?? string.Empty,
                Asset: row[asset].GetString() ?? string.Empty,
                Sensor: row[sensor].GetString() ?? string.Empty,
                Quantity: quantity,
                Time: StoreTime.FromMilliseconds(row[time].GetInt64()),
                Value: row[value].ValueKind == JsonValueKind.Null ? null : row[value].GetDouble(),
                Status: readingStatus));
        }
    }

    private static void ThrowIfError(JsonElement element)
    {
        if (Error(element) is { } error)
        {
            throw new InfluxException($"InfluxDB query failed: {error}");
        }
    }

    private static string? Error(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("error", out var error) ? error.GetString() : null;
}
