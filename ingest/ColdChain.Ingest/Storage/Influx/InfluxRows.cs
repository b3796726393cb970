using System.Text.Json;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// The rows of a plain (unchunked) InfluxQL answer, each as a name → value map, so adapters other than the telemetry
/// store read their columns by name without their own JSON walking.
/// </summary>
internal static class InfluxRows
{
    public static List<Dictionary<string, JsonElement>> Read(string json)
    {
        var rows = new List<Dictionary<string, JsonElement>>();
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("results", out var results))
        {
            return rows;
        }

        foreach (var result in results.EnumerateArray())
        {
            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var one in series.EnumerateArray())
            {
                var columns = one.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToArray();
                var tags = one.TryGetProperty("tags", out var t) ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()) : [];
                foreach (var values in one.GetProperty("values").EnumerateArray())
                {
                    var row = new Dictionary<string, JsonElement>(tags, StringComparer.Ordinal);
                    var i = 0;
                    foreach (var value in values.EnumerateArray())
                    {
                        row[columns[i++]] = value.Clone();
                    }

                    rows.Add(row);
                }
            }
        }

        return rows;
    }

    public static string? String(this Dictionary<string, JsonElement> row, string column) =>
        row.TryGetValue(column, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long Int64(this Dictionary<string, JsonElement> row, string column) =>
        row.TryGetValue(column, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
