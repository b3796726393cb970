using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ColdChain.Protocol.Tests;

/// <summary>The committed JSON Schemas (edge/ColdChain.Protocol/schema), as copied beside the test assembly.</summary>
internal static class ContractSchemas
{
    public const string TelemetryFile = "coldchain.telemetry.v1.json";
    public const string EventsFile = "coldchain.events.v1.json";
    public const string StatusFile = "coldchain.status.v1.json";

    public static readonly string[] Files = [TelemetryFile, EventsFile, StatusFile];

    private static readonly Lazy<JsonSchema> TelemetrySchema = new(() => Load(TelemetryFile));
    private static readonly Lazy<JsonSchema> EventsSchema = new(() => Load(EventsFile));
    private static readonly Lazy<JsonSchema> StatusSchema = new(() => Load(StatusFile));

    public static JsonSchema Telemetry => TelemetrySchema.Value;

    public static JsonSchema Events => EventsSchema.Value;

    public static JsonSchema Status => StatusSchema.Value;

    public static JsonSchema For(string file) => file switch
    {
        TelemetryFile => Telemetry,
        EventsFile => Events,
        StatusFile => Status,
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "no such schema"),
    };

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "schema", file);

    public static JsonObject Node(string file) => JsonNode.Parse(File.ReadAllText(PathOf(file)))!.AsObject();

    private static JsonSchema Load(string file) => JsonSchema.FromText(File.ReadAllText(PathOf(file)));

    /// <summary>Null when <paramref name="payload"/> validates; otherwise every error with its instance location.</summary>
    public static string? Problems(JsonSchema schema, byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        return Problems(schema, document.RootElement);
    }

    public static string? Problems(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return null;
        }

        var errors = (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}) {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count == 0 ? "invalid (no detail)" : string.Join(Environment.NewLine, errors);
    }
}
