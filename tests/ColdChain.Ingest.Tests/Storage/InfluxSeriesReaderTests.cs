using System.Text;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Tests.Storage;

public sealed class InfluxSeriesReaderTests
{
    private const string Columns = "\"columns\":[\"time\",\"value\",\"status\"]";

    [Test]
    public void A_series_cut_across_chunks_continues_and_series_interleave_by_time_then_sensor()
    {
        var reader = new InfluxSeriesReader("room-1");
        reader.ReadChunk(Utf8($$"""{"results":[{"statement_id":0,"series":[{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t2","site":"s"},{{Columns}},"values":[[1000,2.5,"ok"],[2000,null,"sensor_fault"]],"partial":true}],"partial":true}]}"""));
        reader.ReadChunk(Utf8($$"""{"results":[{"statement_id":0,"series":[{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t2","site":"s"},{{Columns}},"values":[[3000,-18.000000000000004,"out_of_range"]]},{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t1","site":"s"},{{Columns}},"values":[[2000,1e-7,"ok"]]}]}]}"""));

        var readings = reader.Merge();

        Assert.That(readings, Is.EqualTo(new[]
        {
            new StoredReading("s", "gw-1", "room-1", "t2", Quantity.Temperature, DateTimeOffset.FromUnixTimeMilliseconds(1000), 2.5, ReadingStatus.Ok),
            new StoredReading("s", "gw-1", "room-1", "t1", Quantity.Temperature, DateTimeOffset.FromUnixTimeMilliseconds(2000), 1e-7, ReadingStatus.Ok),
            new StoredReading("s", "gw-1", "room-1", "t2", Quantity.Temperature, DateTimeOffset.FromUnixTimeMilliseconds(2000), null, ReadingStatus.SensorFault),
            new StoredReading("s", "gw-1", "room-1", "t2", Quantity.Temperature, DateTimeOffset.FromUnixTimeMilliseconds(3000), -18.000000000000004, ReadingStatus.OutOfRange),
        }));
    }

    [Test]
    public void Columns_are_found_by_name_not_position()
    {
        var reader = new InfluxSeriesReader("room-1");
        reader.ReadChunk(Utf8("""{"results":[{"series":[{"name":"door","tags":{"site":"s","gateway":"g","sensor":"d"},"columns":["status","time","value"],"values":[["ok",5,1]]}]}]}"""));

        Assert.That(reader.Merge().Single(), Is.EqualTo(new StoredReading("s", "g", "room-1", "d", Quantity.Door, DateTimeOffset.FromUnixTimeMilliseconds(5), 1, ReadingStatus.Ok)));
    }

    [TestCase("""{"error":"database not found: x"}""", "database not found")]
    [TestCase("""{"results":[{"statement_id":0,"error":"partial write"}]}""", "partial write")]
    [TestCase("""{"results":[{"series":[{"name":"pressure","columns":["time","value","status"],"values":[[1,2,"ok"]]}]}]}""", "unexpected measurement 'pressure'")]
    [TestCase("""{"results":[{"series":[{"name":"temperature","columns":["time","value","status"],"values":[[1,2,"melted"]]}]}]}""", "unknown status 'melted'")]
    [TestCase("""{"results":[{"series":[{"name":"temperature","columns":["time","value"],"values":[[1,2]]}]}]}""", "columns time, value and status")]
    [TestCase("""{"results":[{"series":[{"name":"temperature","columns":["time","value","status"],"values":[[1,2""", "cannot be read")]
    public void An_error_or_an_answer_it_cannot_read_fails_the_query_with_the_reason(string json, string reason)
    {
        var reader = new InfluxSeriesReader("room-1");

        Assert.That(() => reader.ReadChunk(Utf8(json)), Throws.InstanceOf<InfluxException>().With.Message.Contains(reason));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
