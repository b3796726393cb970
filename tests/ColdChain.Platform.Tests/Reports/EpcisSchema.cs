using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>GS1's published EPCIS 2.0 schema (draft-07, if/then included), with formats enforced.</summary>
internal static class EpcisSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reports", "Epcis", "schema", "EPCIS-JSON-Schema.json"))));

    /// <returns>null when valid, else the first problems.</returns>
    public static string? Problems(JsonObject document)
    {
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        var result = Schema.Value.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Prepend(result).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        return string.Join("\n", errors.Take(10));
    }
}
