using System.Text;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using FsProperty = FsCheck.NUnit.PropertyAttribute;

namespace ColdChain.Protocol.Tests;

public sealed class CodecProperties
{
    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 300)]
    public void Encoding_then_decoding_a_telemetry_batch_gives_an_equal_batch(TelemetryBatch batch)
    {
        var decoded = ProtocolCodec.DecodeTelemetry(ProtocolCodec.Encode(batch));

        Assert.That(decoded, Is.EqualTo(batch).UsingPropertiesComparer());
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 300)]
    public void Encoding_then_decoding_an_event_batch_gives_an_equal_batch(EventBatch batch)
    {
        var decoded = ProtocolCodec.DecodeEvents(ProtocolCodec.Encode(batch));

        Assert.That(decoded, Is.EqualTo(batch).UsingPropertiesComparer());
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 300)]
    public void Encoding_then_decoding_a_gateway_status_gives_an_equal_status(GatewayStatus status)
    {
        var decoded = ProtocolCodec.DecodeStatus(ProtocolCodec.Encode(status));

        Assert.That(decoded, Is.EqualTo(status).UsingPropertiesComparer());
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 200)]
    public void Every_timestamp_is_written_as_utc_with_exactly_three_fraction_digits(TelemetryBatch batch)
    {
        var json = Samples.Json(ProtocolCodec.Encode(batch));
        var written = new[] { json["sent_at"]!.GetValue<string>() }
            .Concat(json["readings"]!.AsArray().Select(r => r!["ts"]!.GetValue<string>()));

        Assert.That(written, Has.All.Match(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"));
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 200)]
    public void A_timestamp_in_any_zone_decodes_to_the_same_instant_in_utc(ValidStatus sample, int offsetQuarterHours)
    {
        var offset = TimeSpan.FromMinutes(15 * (offsetQuarterHours % 57)); // within ±14:00
        var local = sample.Status.Time.ToOffset(offset);
        var json = Samples.Json(ProtocolCodec.Encode(sample.Status));
        json["ts"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

        var decoded = ProtocolCodec.DecodeStatus(Samples.Bytes(json));

        Assert.That(decoded.Time.UtcTicks, Is.EqualTo(sample.Status.Time.UtcTicks));
        Assert.That(decoded.Time.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 500)]
    public void Decoding_random_bytes_only_ever_throws_ProtocolException(byte[] payload)
    {
        Assert.That(Decoding.EscapedException(payload), Is.Null);
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 1000)]
    public void Decoding_a_valid_payload_with_a_few_bytes_changed_only_ever_throws_ProtocolException(MutatedPayload payload)
    {
        Assert.That(Decoding.EscapedException(payload.Bytes), Is.Null);
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 1000)]
    public void Decoding_a_soup_of_json_tokens_only_ever_throws_ProtocolException(JsonSoup soup)
    {
        Assert.That(Decoding.EscapedException(Encoding.UTF8.GetBytes(soup.Text)), Is.Null);
    }

    [Test]
    public void The_structural_comparison_used_above_does_see_a_change_deep_in_a_batch()
    {
        // Guards the round-trip properties against a comparer that would call any two batches equal.
        var batch = Samples.Telemetry();
        var changedReading = batch.Readings.Select((r, i) => i == 2 ? r with { Value = 0 } : r).ToArray();
        var changed = batch with { Readings = changedReading };
        var copy = batch with { Readings = [.. batch.Readings] };

        Assert.That(copy, Is.EqualTo(batch).UsingPropertiesComparer());
        Assert.That(changed, Is.Not.EqualTo(batch).UsingPropertiesComparer());
        Assert.That(
            Samples.Online() with { Health = Samples.Online().Health! with { DiskFreeBytes = 1 } },
            Is.Not.EqualTo(Samples.Online()).UsingPropertiesComparer());
    }
}
