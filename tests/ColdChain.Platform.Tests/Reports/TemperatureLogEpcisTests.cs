using System.Text.Json;
using System.Text.Json.Nodes;
using ColdChain.Platform.Reports.Epcis;
using Json.Schema;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>EPCIS documents checked against GS1's published schema (draft-07, if/then included, formats enforced).</summary>
public sealed class TemperatureLogEpcisTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reports", "Epcis", "schema", "EPCIS-JSON-Schema.json"))));

    [Test]
    public void The_temperature_log_as_EPCIS_validates_against_the_GS1_schema()
    {
        var document = TemperatureLogEpcis.Build(TemperatureLogPdfTests.SampleLog(), ["urn:epc:id:sscc:4012345.0000000001"]);

        Assert.That(Problems(document), Is.Null);
    }

    [Test]
    public void Excursions_are_alarm_conditions_faults_are_error_conditions_and_times_carry_the_site_offset()
    {
        var document = TemperatureLogEpcis.Build(TemperatureLogPdfTests.SampleLog(), []);

        var observation = document["epcisBody"]!["eventList"]![0]!;
        var reports = observation["sensorElementList"]!.AsArray().Select(e => e!["sensorReport"]![0]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(observation["eventTimeZoneOffset"]!.GetValue<string>(), Is.EqualTo("+08:00"));
            Assert.That(observation["eventTime"]!.GetValue<string>(), Does.EndWith("+08:00"));
            Assert.That(reports.Count(r => r["exception"]?.GetValue<string>() == "ALARM_CONDITION"), Is.EqualTo(1));
            Assert.That(reports.Count(r => r["exception"]?.GetValue<string>() == "ERROR_CONDITION"), Is.EqualTo(1));
            Assert.That(Problems(document), Is.Null);
        });
    }

    [Test]
    public void The_validator_accepts_GS1s_example_and_refuses_broken_documents()
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reports", "epcis-example-shipment.jsonld")))!.AsObject();
        var zulu = example.DeepClone().AsObject();
        zulu["epcisBody"]!["eventList"]![0]!["eventTimeZoneOffset"] = "Z";
        var noAction = example.DeepClone().AsObject();
        noAction["epcisBody"]!["eventList"]![0]!.AsObject().Remove("action");
        var localTime = example.DeepClone().AsObject();
        localTime["creationDate"] = "2024-03-01T17:00:00";

        Assert.Multiple(() =>
        {
            Assert.That(Problems(example), Is.Null, "GS1's example is valid");
            Assert.That(Problems(zulu), Is.Not.Null, "eventTimeZoneOffset is +hh:mm, never Z");
            Assert.That(Problems(noAction), Is.Not.Null, "an ObjectEvent needs its action");
            Assert.That(Problems(localTime), Is.Not.Null, "a date-time needs its offset");
        });
    }

    private static string? Problems(JsonObject document)
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
