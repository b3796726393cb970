using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Tests.Storage;

public sealed class LineProtocolTests
{
    private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeMilliseconds(1_764_078_671_123);

    [Test]
    public void A_reading_becomes_one_line_with_tags_fields_and_a_millisecond_timestamp()
    {
        var line = LineProtocol.Line(new StoredReading("site-1", "gw-1", "room-1", "probe-1", Quantity.Temperature, Time, 3.25, ReadingStatus.Ok));

        Assert.That(line, Is.EqualTo("temperature,site=site-1,gateway=gw-1,asset=room-1,sensor=probe-1 value=3.25,status=\"ok\" 1764078671123\n"));
    }

    [Test]
    public void A_sensor_fault_without_a_value_carries_only_its_status()
    {
        var line = LineProtocol.Line(new StoredReading("s", "g", "a", "p", Quantity.Humidity, Time, null, ReadingStatus.SensorFault));

        Assert.That(line, Is.EqualTo("humidity,site=s,gateway=g,asset=a,sensor=p status=\"sensor_fault\" 1764078671123\n"));
    }

    [TestCase("a b", @"a\ b")]
    [TestCase("a,b", @"a\,b")]
    [TestCase("a=b", @"a\=b")]
    [TestCase("cold \"room\"", @"cold\ ""room""")]
    [TestCase("°C 冷库", @"°C\ 冷库")]
    [TestCase(@"probe\1", @"probe\1")]
    public void Tag_values_escape_commas_spaces_and_equals_signs(string value, string escaped)
    {
        var line = LineProtocol.Line(new StoredReading("s", "g", value, "p", Quantity.Door, Time, 1, ReadingStatus.Ok));

        Assert.That(line, Does.StartWith($"door,site=s,gateway=g,asset={escaped},sensor=p "));
    }

    [TestCase("a\nb")]
    [TestCase("a\rb")]
    [TestCase("")]
    [TestCase(@"trailing\")]
    [TestCase(@"a\,b")]
    [TestCase(@"a\ b")]
    public void Tag_values_line_protocol_cannot_carry_are_refused(string value)
    {
        var reading = new StoredReading("s", "g", value, "p", Quantity.Door, Time, 1, ReadingStatus.Ok);

        Assert.Throws<ArgumentException>(() => LineProtocol.Line(reading));
    }

    [TestCase("ok", "\"ok\"")]
    [TestCase("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [TestCase(@"back\slash\", "\"back\\\\slash\\\\\"")]
    public void String_fields_are_quoted_with_quotes_and_backslashes_escaped(string value, string expected)
    {
        var text = new System.Text.StringBuilder();
        LineProtocol.AppendStringField(text, value);

        Assert.That(text.ToString(), Is.EqualTo(expected));
    }

    [TestCase(0.1, "0.1")]
    [TestCase(-18.000000000000004, "-18.000000000000004")]
    [TestCase(1e-7, "1E-07")]
    [TestCase(1, "1")]
    public void Floats_are_written_round_trip_exact_whatever_the_culture(double value, string expected)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.That(LineProtocol.FormatFloat(value), Is.EqualTo(expected));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void Non_finite_values_are_refused(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LineProtocol.FormatFloat(value));
    }
}
