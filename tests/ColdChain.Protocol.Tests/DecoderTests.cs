using System.Text;
using System.Text.Json.Nodes;
using ColdChain.Protocol.Codec;

namespace ColdChain.Protocol.Tests;

public sealed class DecoderTests
{
    private static readonly (string Kind, Func<byte[]> Payload, Action<byte[]> Decode)[] Kinds =
    [
        ("telemetry", () => ProtocolCodec.Encode(Samples.Telemetry()), p => ProtocolCodec.DecodeTelemetry(p)),
        ("events", () => ProtocolCodec.Encode(Samples.Events()), p => ProtocolCodec.DecodeEvents(p)),
        ("status", () => ProtocolCodec.Encode(Samples.Online()), p => ProtocolCodec.DecodeStatus(p)),
    ];

    private static IEnumerable<TestCaseData> KindCases() => Kinds.Select(k => new TestCaseData(k.Kind).SetArgDisplayNames(k.Kind));

    private static Action<byte[]> DecoderOf(string kind) => Kinds.Single(k => k.Kind == kind).Decode;

    private static byte[] PayloadOf(string kind) => Kinds.Single(k => k.Kind == kind).Payload();

    private static ProtocolException Refused(string kind, byte[] payload)
    {
        var decode = DecoderOf(kind);
        var thrown = Decoding.Catch(() => decode(payload));
        Assert.That(thrown, Is.TypeOf<ProtocolException>(), $"decoding {Encoding.UTF8.GetString(payload)}");
        return (ProtocolException)thrown!;
    }

    private static ProtocolException Refused(string kind, JsonNode json) => Refused(kind, Samples.Bytes(json));

    [TestCaseSource(nameof(KindCases))]
    public void A_payload_cut_short_anywhere_is_refused_as_Malformed(string kind)
    {
        var payload = PayloadOf(kind);

        for (var length = 0; length < payload.Length; length++)
        {
            var e = Refused(kind, payload[..length]);
            Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed), $"cut to {length} of {payload.Length} bytes");
        }
    }

    [TestCaseSource(nameof(KindCases))]
    public void The_uncut_sample_payload_decodes(string kind)
    {
        Assert.That(() => DecoderOf(kind)(PayloadOf(kind)), Throws.Nothing);
    }

    [Test]
    public void An_empty_payload_is_refused_as_Malformed()
    {
        var e = Refused("telemetry", []);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        Assert.That(e.Message, Does.Contain("empty"));
    }

    [TestCaseSource(nameof(KindCases))]
    public void A_payload_over_the_default_ceiling_is_refused_as_TooLarge_before_it_is_parsed(string kind)
    {
        var payload = new byte[ProtocolCodec.DefaultMaxPayloadBytes + 1];
        payload.AsSpan().Fill((byte)'[');

        var e = Refused(kind, payload);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.TooLarge));
        Assert.That(e.Message, Does.Contain((ProtocolCodec.DefaultMaxPayloadBytes + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void A_caller_chosen_ceiling_is_enforced_to_the_byte()
    {
        var payload = ProtocolCodec.Encode(Samples.Telemetry());

        Assert.That(() => ProtocolCodec.DecodeTelemetry(payload, maxPayloadBytes: payload.Length), Throws.Nothing);
        Assert.That(
            () => ProtocolCodec.DecodeTelemetry(payload, maxPayloadBytes: payload.Length - 1),
            Throws.TypeOf<ProtocolException>().With.Property(nameof(ProtocolException.Kind)).EqualTo(ProtocolErrorKind.TooLarge));
    }

    [TestCase(17)]
    [TestCase(1_000)]
    [TestCase(500_000)]
    public void Deeply_nested_json_is_refused_as_Malformed_without_overflowing_the_stack(int depth)
    {
        var json = "{\"schema\":\"coldchain.telemetry.v1\",\"extra\":" + new string('[', depth) + new string(']', depth) + "}";

        foreach (var kind in Kinds.Select(k => k.Kind))
        {
            Assert.That(Refused(kind, Encoding.UTF8.GetBytes(json)).Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        }
    }

    [Test]
    public void Unknown_members_nested_within_the_depth_limit_are_ignored()
    {
        var json = Samples.TelemetryJson();
        json["future_field"] = JsonNode.Parse("[[[[[1]]]]]");

        Assert.That(() => ProtocolCodec.DecodeTelemetry(Samples.Bytes(json)), Throws.Nothing);
    }

    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("-Infinity")]
    [TestCase("\"NaN\"")]
    [TestCase("\"Infinity\"")]
    [TestCase("\"1.5\"")]
    [TestCase("true")]
    [TestCase("[1]")]
    public void A_reading_value_that_is_not_a_json_number_is_refused_as_Malformed(string literal)
    {
        var text = Samples.Text(ProtocolCodec.Encode(Samples.Telemetry(Samples.Temperature(value: 4.25)))).Replace("\"value\":4.25", $"\"value\":{literal}", StringComparison.Ordinal);
        Assert.That(text, Does.Contain(literal));

        var e = Refused("telemetry", Encoding.UTF8.GetBytes(text));

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        Assert.That(e.Message, Does.Contain("$.readings[0].value"));
    }

    [TestCase("telemetry", "site", "5")]
    [TestCase("telemetry", "gateway", "true")]
    [TestCase("telemetry", "sent_at", "1764072000000")]
    [TestCase("telemetry", "readings", "{}")]
    [TestCase("telemetry", "seq", "\"1\"")]
    [TestCase("telemetry", "seq", "1.5")]
    [TestCase("telemetry", "seq", "9223372036854775808")]
    [TestCase("events", "site", "[]")]
    [TestCase("events", "events", "\"door_opened\"")]
    [TestCase("status", "gateway", "{}")]
    [TestCase("status", "ts", "0")]
    [TestCase("status", "health", "\"fine\"")]
    public void A_member_of_the_wrong_json_type_is_refused_as_Malformed_naming_its_path(string kind, string member, string literal)
    {
        var json = Samples.Json(PayloadOf(kind));
        json[member] = JsonNode.Parse(literal);

        var e = Refused(kind, json);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        Assert.That(e.Message, Does.Contain($"$.{member}"));
    }

    [TestCase("sensor", "42")]
    [TestCase("asset", "null")]
    [TestCase("unit", "1")]
    [TestCase("ts", "1764072000")]
    [TestCase("quantity", "null")]
    public void A_reading_member_of_the_wrong_json_type_is_refused_as_Malformed(string member, string literal)
    {
        var json = Samples.TelemetryJson();
        json["readings"]![0]![member] = JsonNode.Parse(literal);

        var e = Refused("telemetry", json);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        Assert.That(e.Message, Does.Contain($"$.readings[0].{member}"));
    }

    [TestCase("telemetry", "readings", "quantity", "0")]
    [TestCase("telemetry", "readings", "status", "1")]
    [TestCase("telemetry", "readings", "status", "\"1\"")]
    [TestCase("telemetry", "readings", "status", "\"SensorFault\"")]
    [TestCase("telemetry", "readings", "status", "\"SENSOR_FAULT\"")]
    [TestCase("telemetry", "readings", "status", "\" ok\"")]
    [TestCase("telemetry", "readings", "status", "\"ok,sensor_fault\"")]
    [TestCase("telemetry", "readings", "status", "\"sensor_fault, out_of_range\"")]
    [TestCase("telemetry", "readings", "quantity", "\"Temperature\"")]
    [TestCase("telemetry", "readings", "quantity", "\"pressure\"")]
    [TestCase("events", "events", "type", "2")]
    [TestCase("events", "events", "type", "\"DoorOpened\"")]
    [TestCase("events", "events", "type", "\"door_opened,door_closed\"")]
    public void An_enum_given_as_a_number_or_any_other_word_than_its_snake_case_name_is_refused(string kind, string list, string member, string literal)
    {
        var json = Samples.Json(PayloadOf(kind));
        json[list]![0]![member] = JsonNode.Parse(literal);

        var e = Refused(kind, json);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        Assert.That(e.Message, Does.Contain($"$.{list}[0].{member}"));
    }

    [TestCase("0")]
    [TestCase("\"Online\"")]
    [TestCase("\"unknown\"")]
    [TestCase("null")]
    public void A_status_state_other_than_online_or_offline_is_refused(string literal)
    {
        var json = Samples.StatusJson();
        json["state"] = JsonNode.Parse(literal);

        Assert.That(Refused("status", json).Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
    }

    private static IEnumerable<TestCaseData> RequiredMembers()
    {
        foreach (var member in new[] { "schema", "site", "gateway", "seq", "sent_at", "readings" })
        {
            yield return new TestCaseData("telemetry", null, member);
        }

        foreach (var member in new[] { "sensor", "asset", "ts", "quantity", "unit", "status" })
        {
            yield return new TestCaseData("telemetry", "readings", member);
        }

        foreach (var member in new[] { "schema", "site", "gateway", "seq", "events" })
        {
            yield return new TestCaseData("events", null, member);
        }

        foreach (var member in new[] { "type", "ts" })
        {
            yield return new TestCaseData("events", "events", member);
        }

        foreach (var member in new[] { "schema", "site", "gateway", "state", "ts" })
        {
            yield return new TestCaseData("status", null, member);
        }

        foreach (var member in new[] { "version", "uptime_s" })
        {
            yield return new TestCaseData("status", "health", member);
        }
    }

    [TestCaseSource(nameof(RequiredMembers))]
    public void A_message_missing_a_required_member_is_refused_as_Malformed(string kind, string? parent, string member)
    {
        var json = Samples.Json(PayloadOf(kind));
        var holder = parent switch
        {
            null => json,
            "health" => json["health"]!.AsObject(),
            _ => json[parent]![0]!.AsObject(),
        };
        Assert.That(holder.Remove(member), Is.True, $"the sample has no {member}");

        var e = Refused(kind, json);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        Assert.That(e.Message, Does.Contain(member));
    }

    [TestCase("telemetry", "coldchain.telemetry.v2")]
    [TestCase("telemetry", "coldchain.events.v1")]
    [TestCase("telemetry", "")]
    [TestCase("telemetry", "COLDCHAIN.TELEMETRY.V1")]
    [TestCase("events", "coldchain.telemetry.v1")]
    [TestCase("status", "coldchain.status.v0")]
    public void A_message_naming_another_schema_is_refused_as_UnknownSchema(string kind, string schema)
    {
        var json = Samples.Json(PayloadOf(kind));
        json["schema"] = schema;

        var e = Refused(kind, json);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.UnknownSchema));
        Assert.That(e.Message, Does.Contain($"'{schema}'"));
    }

    [TestCase("null")]
    [TestCase("1")]
    public void A_schema_that_is_not_a_string_is_refused_as_Malformed(string literal)
    {
        var json = Samples.TelemetryJson();
        json["schema"] = JsonNode.Parse(literal);

        Assert.That(Refused("telemetry", json).Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
    }

    [TestCase("2026-11-25T12:00:00.000")]
    [TestCase("2026-11-25T12:00:00")]
    [TestCase("2026-11-25 12:00:00Z")]
    [TestCase("2026-11-25")]
    [TestCase("2026-11-25T12:00:00+0100")]
    [TestCase("2026-11-25T12:00:00+01")]
    [TestCase("2026-11-25T12:00:00.000z")]
    [TestCase("20261125T120000Z")]
    [TestCase("2026-02-30T12:00:00.000Z")]
    [TestCase("2026-11-25T24:00:00.000Z")]
    [TestCase("2026-11-25T12:00:00.000+15:00")]
    [TestCase("yesterday")]
    [TestCase("")]
    public void A_timestamp_without_a_zone_or_not_iso_8601_is_refused_as_Malformed(string ts)
    {
        var json = Samples.TelemetryJson();
        json["readings"]![0]!["ts"] = ts;

        var e = Refused("telemetry", json);

        Assert.That(e.Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
        Assert.That(e.Message, Does.Contain("$.readings[0].ts"));
    }

    [TestCase("2026-11-25T12:00:00.123Z", "2026-11-25T12:00:00.1230000+00:00")]
    [TestCase("2026-11-25T12:00:00Z", "2026-11-25T12:00:00.0000000+00:00")]
    [TestCase("2026-11-25T13:30:00.5+01:30", "2026-11-25T12:00:00.5000000+00:00")]
    [TestCase("2026-11-25T07:00:00.000-05:00", "2026-11-25T12:00:00.0000000+00:00")]
    public void A_timestamp_with_a_zone_is_accepted_and_held_in_utc(string ts, string expected)
    {
        var json = Samples.TelemetryJson();
        json["readings"]![0]!["ts"] = ts;

        var decoded = ProtocolCodec.DecodeTelemetry(Samples.Bytes(json));

        Assert.That(decoded.Readings[0].Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [TestCase("null")]
    [TestCase("[]")]
    [TestCase("\"coldchain.telemetry.v1\"")]
    [TestCase("{}")]
    [TestCase("{\"schema\":\"coldchain.telemetry.v1\"} {}")]
    [TestCase("\uFEFF{}")]
    [TestCase("/* comment */ {}")]
    [TestCase("{\"schema\":\"coldchain.telemetry.v1\",}")]
    public void A_payload_that_is_not_one_json_object_is_refused_as_Malformed(string text)
    {
        foreach (var kind in Kinds.Select(k => k.Kind))
        {
            Assert.That(Refused(kind, Encoding.UTF8.GetBytes(text)).Kind, Is.EqualTo(ProtocolErrorKind.Malformed), kind);
        }
    }

    [Test]
    public void Invalid_utf8_inside_a_string_is_refused_as_Malformed()
    {
        var text = Samples.Text(ProtocolCodec.Encode(Samples.Telemetry(Samples.Temperature())));
        var at = text.IndexOf("\"t-1\"", StringComparison.Ordinal) + 1;
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes[at] = 0xC0;
        bytes[at + 1] = 0xFF;

        Assert.That(Refused("telemetry", bytes).Kind, Is.EqualTo(ProtocolErrorKind.Malformed));
    }

    [Test]
    public void A_null_value_is_accepted_by_the_decoder_and_left_to_the_validator()
    {
        var json = Samples.TelemetryJson();
        json["readings"]![0]!["value"] = null;

        Assert.That(ProtocolCodec.DecodeTelemetry(Samples.Bytes(json)).Readings[0].Value, Is.Null);
    }

    [Test]
    public void A_value_beyond_the_double_range_decodes_as_infinity_which_the_validator_refuses()
    {
        var text = Samples.Text(ProtocolCodec.Encode(Samples.Telemetry(Samples.Temperature(value: 4.25)))).Replace("4.25", "1e400", StringComparison.Ordinal);
        var batch = ProtocolCodec.DecodeTelemetry(Encoding.UTF8.GetBytes(text));

        Assert.That(batch.Readings[0].Value, Is.EqualTo(double.PositiveInfinity));
        Assert.That(
            new Validation.MessageValidator(Validation.ValidationLimits.Default, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Samples.Now)).Validate(batch),
            Is.EqualTo(new[] { new Validation.ValidationError("readings[0].value", "is not a finite number") }));
    }

    [Test]
    public void A_written_payload_is_compact_utf8_json_with_the_documented_member_names()
    {
        var text = Samples.Text(ProtocolCodec.Encode(Samples.Telemetry(Samples.Temperature(value: 3.5))));

        Assert.That(text, Is.EqualTo(
            "{\"schema\":\"coldchain.telemetry.v1\",\"site\":\"site-1\",\"gateway\":\"gw-1\",\"seq\":42,\"sent_at\":\"2026-11-25T12:00:00.123Z\","
            + "\"readings\":[{\"sensor\":\"t-1\",\"asset\":\"room-a\",\"ts\":\"2026-11-25T11:59:30.123Z\",\"quantity\":\"temperature\","
            + "\"unit\":\"\\u00B0C\",\"value\":3.5,\"status\":\"ok\"}]}"));
    }
}
