using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Validation;
using Json.Schema;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Protocol.Tests;

public sealed class SchemaTests
{
    private static readonly MessageValidator Validator = new(ValidationLimits.Default, new FakeTimeProvider(Samples.Now));

    private static IEnumerable<TestCaseData> WrittenExamples()
    {
        yield return new TestCaseData(ContractSchemas.TelemetryFile, ProtocolCodec.Encode(Samples.Telemetry())).SetArgDisplayNames("telemetry: temperature, humidity, door, sensor_fault, out_of_range");
        yield return new TestCaseData(ContractSchemas.TelemetryFile, ProtocolCodec.Encode(Samples.Telemetry(Samples.Door(0), Samples.Humidity(0), Samples.Humidity(100), Samples.Temperature(-90), Samples.Temperature(150)))).SetArgDisplayNames("telemetry: values at the limits");
        yield return new TestCaseData(ContractSchemas.TelemetryFile, ProtocolCodec.Encode(Samples.Telemetry(Samples.Temperature(12.5, ReadingStatus.SensorFault)))).SetArgDisplayNames("telemetry: sensor_fault with a value");
        yield return new TestCaseData(ContractSchemas.EventsFile, ProtocolCodec.Encode(Samples.Events())).SetArgDisplayNames("events: every type");
        yield return new TestCaseData(ContractSchemas.EventsFile, ProtocolCodec.Encode(Samples.Events(new GatewayEvent { Type = GatewayEventType.ConfigRejected, Time = Samples.Now, Detail = new string('x', 1024) }))).SetArgDisplayNames("events: longest detail");
        yield return new TestCaseData(ContractSchemas.StatusFile, ProtocolCodec.Encode(Samples.Online())).SetArgDisplayNames("status: online with full health");
        yield return new TestCaseData(ContractSchemas.StatusFile, ProtocolCodec.Encode(Samples.Offline())).SetArgDisplayNames("status: offline (Last Will)");
        yield return new TestCaseData(ContractSchemas.StatusFile, ProtocolCodec.Encode(Samples.Online() with { Health = new GatewayHealth { Version = "0.1", UptimeSeconds = 0 } })).SetArgDisplayNames("status: online with minimal health");
        yield return new TestCaseData(ContractSchemas.StatusFile, ProtocolCodec.Encode(Samples.Online() with { Health = Samples.Online().Health! with { Signal = new GatewaySignal { Link = GatewaySignal.Wifi } } })).SetArgDisplayNames("status: Wi-Fi with unknown level and quality");
    }

    [TestCaseSource(typeof(ContractSchemas), nameof(ContractSchemas.Files))]
    public void Each_committed_schema_is_a_valid_draft_2020_12_schema(string file)
    {
        var text = File.ReadAllText(ContractSchemas.PathOf(file));
        using var document = JsonDocument.Parse(text);

        Assert.That(ContractSchemas.Problems(MetaSchemas.Draft202012, document.RootElement), Is.Null);
        Assert.That(document.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
        Assert.That(() => ContractSchemas.For(file), Throws.Nothing);
    }

    [TestCase(ContractSchemas.TelemetryFile, TelemetryBatch.SchemaId)]
    [TestCase(ContractSchemas.EventsFile, EventBatch.SchemaId)]
    [TestCase(ContractSchemas.StatusFile, GatewayStatus.SchemaId)]
    public void Each_schema_is_named_after_and_pins_its_schema_id(string file, string schemaId)
    {
        var node = ContractSchemas.Node(file);

        Assert.That(file, Is.EqualTo(schemaId + ".json"));
        Assert.That(node["title"]!.GetValue<string>(), Is.EqualTo(schemaId));
        Assert.That(node["properties"]!["schema"]!["const"]!.GetValue<string>(), Is.EqualTo(schemaId));
    }

    [TestCaseSource(nameof(WrittenExamples))]
    public void Every_example_message_the_codec_writes_validates_against_its_schema(string file, byte[] payload)
    {
        Assert.That(ContractSchemas.Problems(ContractSchemas.For(file), payload), Is.Null, Samples.Text(payload));
    }

    private static IEnumerable<TestCaseData> BrokenTelemetry()
    {
        TestCaseData Case(string name, Action<JsonObject> breakIt) => new TestCaseData(breakIt).SetArgDisplayNames(name);
        JsonObject Reading(JsonObject m) => m["readings"]![0]!.AsObject();

        yield return Case("no schema", m => m.Remove("schema"));
        yield return Case("schema v2", m => m["schema"] = "coldchain.telemetry.v2");
        yield return Case("no seq", m => m.Remove("seq"));
        yield return Case("negative seq", m => m["seq"] = -1);
        yield return Case("no readings", m => m["readings"] = new JsonArray());
        yield return Case("site with a space", m => m["site"] = "site 1");
        yield return Case("gateway with a wildcard", m => m["gateway"] = "+");
        yield return Case("sensor of 65 characters", m => Reading(m)["sensor"] = new string('s', 65));
        yield return Case("empty asset", m => Reading(m)["asset"] = string.Empty);
        yield return Case("ts without zone", m => Reading(m)["ts"] = "2026-11-25T12:00:00.000");
        yield return Case("sent_at without zone", m => m["sent_at"] = "2026-11-25T12:00:00");
        yield return Case("ok reading without value", m => Reading(m).Remove("value"));
        yield return Case("ok reading with null value", m => Reading(m)["value"] = null);
        yield return Case("out_of_range reading without value", m => { Reading(m)["status"] = "out_of_range"; Reading(m).Remove("value"); });
        yield return Case("status in PascalCase", m => Reading(m)["status"] = "SensorFault");
        yield return Case("status as a number", m => Reading(m)["status"] = 1);
        yield return Case("unknown quantity", m => Reading(m)["quantity"] = "pressure");
        yield return Case("temperature in %RH", m => Reading(m)["unit"] = "%RH");
        yield return Case("temperature above 150", m => Reading(m)["value"] = 150.01);
        yield return Case("temperature below -90", m => Reading(m)["value"] = -90.5);
        yield return Case("value as a string", m => Reading(m)["value"] = "3.5");
        yield return Case("humidity above 100", m => { Reading(m)["quantity"] = "humidity"; Reading(m)["unit"] = "%RH"; Reading(m)["value"] = 100.5; });
        yield return Case("door half open", m => { Reading(m)["quantity"] = "door"; Reading(m)["unit"] = "open"; Reading(m)["value"] = 0.5; });
        yield return Case("door in °C", m => { Reading(m)["quantity"] = "door"; Reading(m)["value"] = 1; });
        yield return Case("reading without status", m => Reading(m).Remove("status"));
        yield return Case("null reading", m => m["readings"]![0] = null);
    }

    [TestCaseSource(nameof(BrokenTelemetry))]
    public void The_telemetry_schema_refuses_what_the_decoder_or_validator_refuses(Action<JsonObject> breakIt)
    {
        var json = Samples.TelemetryJson();
        breakIt(json);
        var payload = Samples.Bytes(json);

        Assert.That(ContractSchemas.Problems(ContractSchemas.Telemetry, payload), Is.Not.Null, "the schema accepts it");
        Assert.That(RefusedByLibrary(() => Validator.Validate(ProtocolCodec.DecodeTelemetry(payload))), Is.True, "the library accepts it");
    }

    private static IEnumerable<TestCaseData> BrokenEventsAndStatus()
    {
        TestCaseData Case(string file, string name, Action<JsonObject> breakIt) => new TestCaseData(file, breakIt).SetArgDisplayNames(name);
        JsonObject Event(JsonObject m) => m["events"]![0]!.AsObject();

        yield return Case(ContractSchemas.EventsFile, "empty alert id", m => Event(m)["alert_id"] = string.Empty);
        yield return Case(ContractSchemas.EventsFile, "event type in PascalCase", m => Event(m)["type"] = "DoorOpened");
        yield return Case(ContractSchemas.EventsFile, "event type as a number", m => Event(m)["type"] = 0);
        yield return Case(ContractSchemas.EventsFile, "event without ts", m => Event(m).Remove("ts"));
        yield return Case(ContractSchemas.EventsFile, "event sensor with a slash", m => Event(m)["sensor"] = "a/b");
        yield return Case(ContractSchemas.EventsFile, "detail of 1025 characters", m => Event(m)["detail"] = new string('d', 1025));
        yield return Case(ContractSchemas.EventsFile, "no events", m => m["events"] = new JsonArray());
        yield return Case(ContractSchemas.EventsFile, "events schema id on telemetry", m => m["schema"] = "coldchain.telemetry.v1");
        yield return Case(ContractSchemas.StatusFile, "state in PascalCase", m => m["state"] = "Online");
        yield return Case(ContractSchemas.StatusFile, "no ts", m => m.Remove("ts"));
        yield return Case(ContractSchemas.StatusFile, "health without version", m => m["health"]!.AsObject().Remove("version"));
        yield return Case(ContractSchemas.StatusFile, "uptime as a fraction", m => m["health"]!["uptime_s"] = 1.5);
        yield return Case(ContractSchemas.StatusFile, "clock_synced as a string", m => m["health"]!["clock_synced"] = "yes");
        yield return Case(ContractSchemas.StatusFile, "gateway too long", m => m["gateway"] = new string('g', 65));
        yield return Case(ContractSchemas.StatusFile, "calibration of an unknown method", m => m["health"]!["calibrations"]![0]!["method"] = "three_point");
        yield return Case(ContractSchemas.StatusFile, "calibration without a certificate", m => m["health"]!["calibrations"]![0]!.AsObject().Remove("certificate"));
        yield return Case(ContractSchemas.StatusFile, "calibration with a blank certificate", m => m["health"]!["calibrations"]![0]!["certificate"] = "  ");
        yield return Case(ContractSchemas.StatusFile, "calibration date as a timestamp", m => m["health"]!["calibrations"]![0]!["calibrated_on"] = "2026-01-13T00:00:00Z");
        yield return Case(ContractSchemas.StatusFile, "signal over an unknown link", m => m["health"]!["signal"]!["link"] = "lora");
        yield return Case(ContractSchemas.StatusFile, "signal without a link", m => m["health"]!["signal"]!.AsObject().Remove("link"));
        yield return Case(ContractSchemas.StatusFile, "signal level above 0 dBm", m => m["health"]!["signal"]!["dbm"] = 3);
        yield return Case(ContractSchemas.StatusFile, "signal level below -150 dBm", m => m["health"]!["signal"]!["dbm"] = -151);
        yield return Case(ContractSchemas.StatusFile, "link quality above 100 %", m => m["health"]!["signal"]!["quality_pct"] = 101);
        yield return Case(ContractSchemas.StatusFile, "calibration of a sensor id with a slash", m => m["health"]!["calibrations"]![0]!["sensor"] = "a/b");
    }

    [TestCaseSource(nameof(BrokenEventsAndStatus))]
    public void The_events_and_status_schemas_refuse_what_the_decoder_or_validator_refuses(string file, Action<JsonObject> breakIt)
    {
        var json = file == ContractSchemas.EventsFile ? Samples.EventsJson() : Samples.StatusJson();
        breakIt(json);
        var payload = Samples.Bytes(json);

        Assert.That(ContractSchemas.Problems(ContractSchemas.For(file), payload), Is.Not.Null, "the schema accepts it");
        Assert.That(
            RefusedByLibrary(() => file == ContractSchemas.EventsFile
                ? Validator.Validate(ProtocolCodec.DecodeEvents(payload))
                : Validator.Validate(ProtocolCodec.DecodeStatus(payload))),
            Is.True,
            "the library accepts it");
    }

    private static bool RefusedByLibrary(Func<IReadOnlyList<ValidationError>> decodeAndValidate)
    {
        try
        {
            return decodeAndValidate().Count > 0;
        }
        catch (ProtocolException)
        {
            return true;
        }
    }

    /// <summary>One object level of a message: where it sits in a written payload and in the schema.</summary>
    public sealed record Level(string Name, string File, Func<JsonObject> Written, Func<JsonObject, JsonObject> InMessage, Func<JsonObject, JsonObject> InSchema, Action<byte[]> Decode)
    {
        public override string ToString() => Name;
    }

    private static readonly Level[] Levels =
    [
        new("telemetry", ContractSchemas.TelemetryFile, FullTelemetry, m => m, s => s, p => ProtocolCodec.DecodeTelemetry(p)),
        new("reading", ContractSchemas.TelemetryFile, FullTelemetry, m => m["readings"]![0]!.AsObject(), s => s["$defs"]!["reading"]!.AsObject(), p => ProtocolCodec.DecodeTelemetry(p)),
        new("events", ContractSchemas.EventsFile, Samples.EventsJson, m => m, s => s, p => ProtocolCodec.DecodeEvents(p)),
        new("event", ContractSchemas.EventsFile, Samples.EventsJson, m => m["events"]![0]!.AsObject(), s => s["$defs"]!["event"]!.AsObject(), p => ProtocolCodec.DecodeEvents(p)),
        new("status", ContractSchemas.StatusFile, Samples.StatusJson, m => m, s => s, p => ProtocolCodec.DecodeStatus(p)),
        new("health", ContractSchemas.StatusFile, Samples.StatusJson, m => m["health"]!.AsObject(), s => s["$defs"]!["health"]!.AsObject(), p => ProtocolCodec.DecodeStatus(p)),
        new("signal", ContractSchemas.StatusFile, Samples.StatusJson, m => m["health"]!["signal"]!.AsObject(), s => s["$defs"]!["signal"]!.AsObject(), p => ProtocolCodec.DecodeStatus(p)),
        new("calibration", ContractSchemas.StatusFile, Samples.StatusJson, m => m["health"]!["calibrations"]![0]!.AsObject(), s => s["$defs"]!["calibration"]!.AsObject(), p => ProtocolCodec.DecodeStatus(p)),
    ];

    private static JsonObject FullTelemetry() => Samples.TelemetryJson();

    private static IEnumerable<TestCaseData> LevelCases() => Levels.Select(l => new TestCaseData(l).SetArgDisplayNames(l.Name));

    [TestCaseSource(nameof(LevelCases))]
    public void The_schema_declares_exactly_the_members_the_codec_writes(Level level)
    {
        var written = level.InMessage(level.Written()).Select(p => p.Key);
        var declared = level.InSchema(ContractSchemas.Node(level.File))["properties"]!.AsObject().Select(p => p.Key);

        Assert.That(declared, Is.EquivalentTo(written));
    }

    [TestCaseSource(nameof(LevelCases))]
    public void The_schema_requires_exactly_the_members_the_decoder_cannot_do_without(Level level)
    {
        var members = level.InMessage(level.Written()).Select(p => p.Key).ToList();
        var neededByDecoder = members.Where(member =>
        {
            var json = level.Written();
            level.InMessage(json).Remove(member);
            return Decoding.Catch(() => level.Decode(Samples.Bytes(json))) is ProtocolException;
        });
        var required = level.InSchema(ContractSchemas.Node(level.File))["required"]!.AsArray().Select(r => r!.GetValue<string>());

        Assert.That(required, Is.EquivalentTo(neededByDecoder));
    }

    private static IEnumerable<TestCaseData> EnumCases()
    {
        var words = (Func<byte[], JsonObject, IEnumerable<string>> pick, params byte[][] payloads) =>
            payloads.SelectMany(p => pick(p, Samples.Json(p))).Distinct().ToArray();

        var readings = Enum.GetValues<Quantity>().SelectMany(q => Enum.GetValues<ReadingStatus>().Select(s =>
            ProtocolCodec.Encode(Samples.Telemetry(Samples.Temperature() with { Quantity = q, Status = s })))).ToArray();
        yield return new TestCaseData(ContractSchemas.TelemetryFile, "/$defs/reading/properties/quantity",
            words((_, m) => [m["readings"]![0]!["quantity"]!.GetValue<string>()], readings)).SetArgDisplayNames("quantity");
        yield return new TestCaseData(ContractSchemas.TelemetryFile, "/$defs/reading/properties/status",
            words((_, m) => [m["readings"]![0]!["status"]!.GetValue<string>()], readings)).SetArgDisplayNames("reading status");
        yield return new TestCaseData(ContractSchemas.TelemetryFile, "/$defs/reading/properties/unit",
            Enum.GetValues<Quantity>().Select(q => q.CanonicalUnit()).ToArray()).SetArgDisplayNames("unit");
        yield return new TestCaseData(ContractSchemas.EventsFile, "/$defs/event/properties/type",
            words((_, m) => m["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()), ProtocolCodec.Encode(Samples.Events()))).SetArgDisplayNames("event type");
        yield return new TestCaseData(ContractSchemas.StatusFile, "/properties/state",
            words((_, m) => [m["state"]!.GetValue<string>()], ProtocolCodec.Encode(Samples.Online()), ProtocolCodec.Encode(Samples.Offline()))).SetArgDisplayNames("gateway state");
    }

    [TestCaseSource(nameof(EnumCases))]
    public void The_schema_lists_exactly_the_enum_words_the_codec_writes(string file, string pointer, string[] written)
    {
        JsonNode node = ContractSchemas.Node(file);
        foreach (var step in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node[step]!;
        }

        var listed = node["enum"]!.AsArray().Select(e => e!.GetValue<string>());

        Assert.That(written, Has.All.Match("^[a-z]+(_[a-z]+)*$|^°C$|^%RH$"));
        Assert.That(listed, Is.EquivalentTo(written));
    }

    [TestCaseSource(typeof(ContractSchemas), nameof(ContractSchemas.Files))]
    public void Every_schema_uses_the_identifier_pattern_of_the_library(string file)
    {
        var pattern = ContractSchemas.Node(file)["$defs"]!["identifier"]!["pattern"]!.GetValue<string>();
        var samples = new[] { "a", "gw-1", "site_1.a", new string('z', 64), new string('z', 65), string.Empty, "a b", "+", "#", "a/b", "ü", "$share" };

        Assert.That(pattern, Is.EqualTo("^[A-Za-z0-9_.-]{1,64}$"));
        Assert.That(samples.Select(s => Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))), Is.EqualTo(samples.Select(Identifiers.IsValid)));
    }

    [TestCase("2026-11-25T12:00:00.123Z")]
    [TestCase("2026-11-25T12:00:00Z")]
    [TestCase("2026-11-25T12:00Z")]
    [TestCase("2026-11-25T12:00:00.1Z")]
    [TestCase("2026-11-25T12:00:00.1234567Z")]
    [TestCase("2026-11-25T12:00:00.1234567890123456Z")]
    [TestCase("2026-11-25T13:00:00.000+01:00")]
    [TestCase("2026-11-25T06:30:00-05:30")]
    [TestCase("2026-11-25T12:00:00.000")]
    [TestCase("2026-11-25T12:00:00")]
    [TestCase("2026-11-25")]
    [TestCase("2026-11-25Z")]
    [TestCase("2026-11-25T12Z")]
    [TestCase("2026-11-25 12:00:00Z")]
    [TestCase("2026-11-25t12:00:00Z")]
    [TestCase("2026-11-25T12:00:00z")]
    [TestCase("2026-11-25T12:00:00+0100")]
    [TestCase("2026-11-25T12:00:00+01")]
    [TestCase("2026-11-25T12:00:00,5Z")]
    [TestCase("20261125T120000Z")]
    [TestCase("+2026-11-25T12:00:00Z")]
    public void The_schema_timestamp_pattern_accepts_exactly_the_forms_the_decoder_accepts(string ts)
    {
        var json = Samples.TelemetryJson();
        json["readings"]![0]!["ts"] = ts;
        var payload = Samples.Bytes(json);

        var schemaAccepts = ContractSchemas.Problems(ContractSchemas.Telemetry, payload) is null;
        var decoderAccepts = Decoding.Catch(() => ProtocolCodec.DecodeTelemetry(payload)) is null;

        Assert.That(schemaAccepts, Is.EqualTo(decoderAccepts), $"schema {(schemaAccepts ? "accepts" : "refuses")}, decoder {(decoderAccepts ? "accepts" : "refuses")}");
    }

    [Test]
    public void A_sensor_fault_reading_may_omit_its_value_or_send_null()
    {
        var json = Samples.Json(ProtocolCodec.Encode(Samples.Telemetry(Samples.Temperature(null, ReadingStatus.SensorFault))));
        Assert.That(json["readings"]![0]!.AsObject().ContainsKey("value"), Is.False, "the codec omits a null value");
        Assert.That(ContractSchemas.Problems(ContractSchemas.Telemetry, Samples.Bytes(json)), Is.Null);

        json["readings"]![0]!["value"] = null;

        Assert.That(ContractSchemas.Problems(ContractSchemas.Telemetry, Samples.Bytes(json)), Is.Null);
        Assert.That(Validator.Validate(ProtocolCodec.DecodeTelemetry(Samples.Bytes(json))), Is.Empty);
    }

    [Test]
    public void Members_unknown_to_v1_are_ignored_by_the_decoder_and_allowed_by_the_schema()
    {
        var json = Samples.TelemetryJson();
        json["firmware"] = "2.0";
        json["readings"]![0]!["battery_v"] = 3.1;
        var payload = Samples.Bytes(json);

        Assert.That(() => ProtocolCodec.DecodeTelemetry(payload), Throws.Nothing);
        Assert.That(ContractSchemas.Problems(ContractSchemas.Telemetry, payload), Is.Null);
    }
}
