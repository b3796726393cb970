using System.Text.Json;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>The error in an InfluxQL answer (the readings themselves are read by <see cref="InfluxSeriesReader"/>).</summary>
internal static class InfluxQueryResult
{
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

    private static string? Error(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("error", out var error) ? error.GetString() : null;
}
