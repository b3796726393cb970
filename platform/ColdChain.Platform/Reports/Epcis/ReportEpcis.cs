using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ColdChain.Platform.Reports.Epcis;

/// <summary>
/// The report as an EPCIS 2.0 JSON-LD document (GS1; schema in <c>schema/</c>): one ObjectEvent per custody segment
/// (an asset's log is one, a shipment's are its legs) whose <c>sensorElementList</c> carries a summary per sensor, one
/// <c>ALARM_CONDITION</c> element per excursion and one <c>ERROR_CONDITION</c> element per sensor that reported faults;
/// a <c>shipping</c> and a <c>receiving</c> event per handover with the custody parties. Times carry the site's offset.
/// </summary>
public static class ReportEpcis
{
    public const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(ComplianceReport report, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Build(report).WriteTo(writer, Indented);
        await writer.FlushAsync(cancellationToken);
    }

    public static JsonObject Build(ComplianceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var events = new JsonArray();
        foreach (var section in report.Assets)
        {
            events.Add(Observation(report, section));
        }

        foreach (var handover in report.Scope.Handovers)
        {
            events.Add(Custody(report, handover, "shipping", "in_transit"));
            events.Add(Custody(report, handover, "receiving", "in_progress"));
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray(Context),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Time(report, report.Issue.GeneratedAt),
            ["epcisBody"] = new JsonObject { ["eventList"] = events },
        };
    }

    private static JsonObject Observation(ComplianceReport report, AssetSection section)
    {
        var elements = new JsonArray();
        foreach (var sensor in section.Sensors)
        {
            var s = sensor.Statistics;
            if (s is { Count: > 0, Min: { } min, Max: { } max, Mean: { } mean })
            {
                elements.Add(Element(report, section.From, section.To, sensor.Sensor, new JsonObject
                {
                    ["type"] = "Temperature", ["minValue"] = Round(min), ["maxValue"] = Round(max), ["meanValue"] = Round(mean), ["uom"] = "CEL",
                }));
            }

            if (s.Faults > 0)
            {
                elements.Add(Element(report, section.From, section.To, sensor.Sensor, new JsonObject { ["type"] = "Temperature", ["exception"] = "ERROR_CONDITION" }));
            }
        }

        foreach (var excursion in section.Excursions)
        {
            var report1 = new JsonObject { ["type"] = "Temperature", ["exception"] = "ALARM_CONDITION", ["uom"] = "CEL" };
            report1[excursion.Peak > (report.Profile.Max ?? double.PositiveInfinity) ? "maxValue" : "minValue"] = Round(excursion.Peak);
            elements.Add(Element(report, excursion.Start, excursion.End ?? section.To, excursion.Sensor, report1));
        }

        var observation = new JsonObject
        {
            ["type"] = "ObjectEvent",
            ["eventTime"] = Time(report, section.To),
            ["eventTimeZoneOffset"] = Offset(report, section.To),
            ["epcList"] = Epcs(report),
            ["action"] = "OBSERVE",
            ["bizStep"] = "sensor_reporting",
            ["readPoint"] = new JsonObject { ["id"] = AssetUri(report, section.Asset) },
        };
        if (elements.Count > 0)
        {
            observation["sensorElementList"] = elements;
        }

        return observation;
    }

    /// <summary>Shipping by the party handing over, receiving by the party taking over; both name source and destination parties.</summary>
    private static JsonObject Custody(ComplianceReport report, ReportHandover handover, string bizStep, string disposition) => new()
    {
        ["type"] = "ObjectEvent",
        ["eventTime"] = Time(report, handover.At),
        ["eventTimeZoneOffset"] = Offset(report, handover.At),
        ["epcList"] = Epcs(report),
        ["action"] = "OBSERVE",
        ["bizStep"] = bizStep,
        ["disposition"] = disposition,
        ["sourceList"] = new JsonArray(
            new JsonObject { ["type"] = "owning_party", ["source"] = PartyUri(handover.FromParty) },
            new JsonObject { ["type"] = "possessing_party", ["source"] = PartyUri(handover.FromParty) }),
        ["destinationList"] = new JsonArray(
            new JsonObject { ["type"] = "owning_party", ["destination"] = PartyUri(handover.ToParty) },
            new JsonObject { ["type"] = "possessing_party", ["destination"] = PartyUri(handover.ToParty) }),
    };

    /// <summary>The goods by their SSCC as a GS1 Digital Link URI (EPCIS 2.0 accepts these beside EPC URNs).</summary>
    private static JsonArray Epcs(ComplianceReport report) =>
        report.Scope.Sscc is { Length: 18 } sscc ? new JsonArray($"https://id.gs1.org/00/{sscc}") : new JsonArray();

    private static string PartyUri(string party) => $"urn:coldchain:party:{Uri.EscapeDataString(party)}";

    private static JsonObject Element(ComplianceReport report, DateTimeOffset start, DateTimeOffset end, string sensor, JsonObject sensorReport) => new()
    {
        ["sensorMetadata"] = new JsonObject { ["startTime"] = Time(report, start), ["endTime"] = Time(report, end), ["deviceID"] = $"urn:coldchain:sensor:{sensor}" },
        ["sensorReport"] = new JsonArray(sensorReport),
    };

    private static string AssetUri(ComplianceReport report, string asset) => $"urn:coldchain:asset:{report.Scope.Site}:{asset}";

    private static string Time(ComplianceReport report, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, report.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string Offset(ComplianceReport report, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, report.TimeZone).ToString("zzz", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 2);
}
