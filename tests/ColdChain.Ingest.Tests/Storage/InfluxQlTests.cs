using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Tests.Storage;

public sealed class InfluxQlTests
{
    [TestCase("room-1", "'room-1'")]
    [TestCase("it's", @"'it\'s'")]
    [TestCase(@"a\b", @"'a\\b'")]
    [TestCase(@"x' OR '1'='1", @"'x\' OR \'1\'=\'1'")]
    public void String_literals_escape_single_quotes_and_backslashes(string value, string literal)
    {
        Assert.That(InfluxQl.StringLiteral(value), Is.EqualTo(literal));
    }

    [Test]
    public void Database_names_are_quoted_identifiers()
    {
        Assert.That(InfluxQl.CreateDatabase("cold\"chain"), Is.EqualTo("CREATE DATABASE \"cold\\\"chain\""));
    }

    [Test]
    public void A_reading_query_selects_the_two_fields_of_one_asset_in_a_half_open_millisecond_window_one_series_per_tag_set()
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(1_000);
        var query = InfluxQl.SelectReadings(new ReadingQuery("room-1", from, from.AddSeconds(1), Quantity.Humidity));

        Assert.That(query, Is.EqualTo("SELECT \"value\",\"status\" FROM \"humidity\" WHERE \"asset\" = 'room-1' AND time >= 1000ms AND time < 2000ms GROUP BY \"site\",\"gateway\",\"sensor\""));
    }

    [Test]
    public void Without_a_quantity_every_measurement_is_queried()
    {
        var query = InfluxQl.SelectReadings(new ReadingQuery("room-1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

        Assert.That(query, Does.Contain("FROM \"temperature\",\"humidity\",\"door\" "));
        Assert.That(query, Does.Contain("time >= -9223372036854ms AND time < 9223372036854ms"));
    }
}
