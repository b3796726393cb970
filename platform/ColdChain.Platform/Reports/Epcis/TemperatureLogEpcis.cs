using System.Globalization;
using System.Text.Json.Nodes;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Reports.Epcis;

/// <summary>
/// The temperature log as an EPCIS 2.0 JSON-LD document (GS1; schema committed in <c>schema/</c>): one ObjectEvent
/// whose <c>sensorElementList</c> carries a summary per sensor, one <c>ALARM_CONDITION</c> element per excursion and one
/// <c>ERROR_CONDITION</c> element per sensor that reported faults. Times carry the site's offset (never <c>Z</c>).
/// </summary>
public static class TemperatureLogEpcis
{
    public const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <param name="epcs">The identifiers of the goods observed (e.g. SSCCs of a shipment); empty for an asset's log.</param>
    public static JsonObject Build(TemperatureLog log, IReadOnlyList<string> epcs)
    {
        ArgumentNullException.ThrowIfNull(log);
        var elements = new JsonArray();
        foreach (var sensor in log.Sensors)
        {
            var values = log.Readings.Where(r => r.Sensor == sensor.Id && r.Value is not null && r.Status != ReadingStatus.SensorFault).Select(r => r.Value!.Value).ToList();
            if (values.Count > 0)
            {
                elements.Add(Element(log, log.From, log.To, sensor.Id, new JsonObject
                {
                    ["type"] = "Temperature",
                    ["minValue"] = Round(values.Min()),
                    ["maxValue"] = Round(values.Max()),
                    ["meanValue"] = Round(values.Average()),
                    ["uom"] = "CEL",
                }));
            }

            var faults = log.Readings.Where(r => r.Sensor == sensor.Id && (r.Status == ReadingStatus.SensorFault || r.Value is null)).Select(r => r.At).ToList();
            if (faults.Count > 0)
            {
                elements.Add(Element(log, faults.Min(), faults.Max(), sensor.Id, new JsonObject { ["type"] = "Temperature", ["exception"] = "ERROR_CONDITION" }));
            }
        }

        foreach (var excursion in log.Excursions)
        {
            elements.Add(Element(log, excursion.Start, excursion.End ?? log.To, deviceId: null, new JsonObject
            {
                ["type"] = "Temperature",
                ["exception"] = "ALARM_CONDITION",
                ["maxValue"] = Round(excursion.Peak),
                ["uom"] = "CEL",
            }));
        }

        var observation = new JsonObject
        {
            ["type"] = "ObjectEvent",
            ["eventTime"] = Time(log, log.To),
            ["eventTimeZoneOffset"] = Offset(log, log.To),
            ["epcList"] = new JsonArray([.. epcs.Select(e => (JsonNode)e)]),
            ["action"] = "OBSERVE",
            ["bizStep"] = "sensor_reporting",
            ["readPoint"] = new JsonObject { ["id"] = AssetUri(log) },
            ["sensorElementList"] = elements,
        };

        return new JsonObject
        {
            ["@context"] = new JsonArray(Context),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = Time(log, log.GeneratedAt),
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray(observation) },
        };
    }

    private static JsonObject Element(TemperatureLog log, DateTimeOffset start, DateTimeOffset end, string? deviceId, JsonObject report)
    {
        var metadata = new JsonObject { ["startTime"] = Time(log, start), ["endTime"] = Time(log, end) };
        if (deviceId is not null)
        {
            metadata["deviceID"] = $"urn:coldchain:sensor:{deviceId}";
        }

        return new JsonObject { ["sensorMetadata"] = metadata, ["sensorReport"] = new JsonArray(report) };
    }

    private static string AssetUri(TemperatureLog log) => $"urn:coldchain:asset:{log.Site}:{log.AssetId}";

    private static string Time(TemperatureLog log, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, log.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string Offset(TemperatureLog log, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, log.TimeZone).ToString("zzz", CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 2);
}
