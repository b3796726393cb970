using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ColdChain.Edge.Configuration;
using Json.Schema;
using Microsoft.Extensions.Configuration;

namespace ColdChain.Edge.RemoteConfig;

/// <summary>
/// A gateway config document (the local file or a remote <c>config</c> message), checked in two steps: the JSON Schema
/// (firmware-config/gateway-config.schema.json, embedded) for shape and names, then the options' own rules for what a
/// schema cannot say (references between sensors and assets, GSP limits, calibration completeness).
/// </summary>
internal static class GatewayConfigDocument
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        using var stream = typeof(GatewayConfigDocument).Assembly.GetManifestResourceStream("gateway-config.schema.json")
            ?? throw new InvalidOperationException("gateway-config.schema.json is not embedded");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    });

    /// <summary>The options the document describes, or every problem found (never both).</summary>
    public static (GatewayOptions? Options, IReadOnlyList<string> Problems) Read(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return (null, [$"not JSON: {e.Message}"]);
        }

        using (document)
        {
            var schemaProblems = SchemaProblems(document.RootElement);
            if (schemaProblems.Count > 0)
            {
                return (null, schemaProblems);
            }
        }

        var options = new GatewayOptions();
        try
        {
            using var stream = new MemoryStream(json.ToArray());
            new ConfigurationBuilder().AddJsonStream(stream).Build().GetSection(GatewayOptions.SectionName).Bind(options);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return (null, [e.Message]);
        }

        var problems = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "invalid").ToArray();
        return problems.Length > 0 ? (null, problems) : (options, []);
    }

    public static IReadOnlyList<string> SchemaProblems(JsonElement root)
    {
        var results = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return errors.Length > 0 ? errors : ["does not match the gateway config schema"];
    }
}
