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
        reader.ReadJson(Utf8($$"""{"results":[{"statement_id":0,"series":[{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t2","site":"s"},{{Columns}},"values":[[1000,2.5,"ok"],[2000,null,"sensor_fault"]],"partial":true}],"partial":true}]}"""));
        reader.ReadJson(Utf8($$"""{"results":[{"statement_id":0,"series":[{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t2","site":"s"},{{Columns}},"values":[[3000,-18.000000000000004,"out_of_range"]]},{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t1","site":"s"},{{Columns}},"values":[[2000,1e-7,"ok"]]}]}]}"""));

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
        reader.ReadJson(Utf8("""{"results":[{"series":[{"name":"door","tags":{"site":"s","gateway":"g","sensor":"d"},"columns":["status","time","value"],"values":[["ok",5,1]]}]}]}"""));

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

        Assert.That(() => reader.ReadJson(Utf8(json)), Throws.InstanceOf<InfluxException>().With.Message.Contains(reason));
    }

    [Test]
    public void A_message_pack_answer_reads_the_same_as_its_json()
    {
        var json = new InfluxSeriesReader("room-1");
        json.ReadJson(Utf8($$"""{"results":[{"statement_id":0,"series":[{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t2","site":"s"},{{Columns}},"values":[[1000,2.5,"ok"],[2000,null,"sensor_fault"],[3000,-18.000000000000004,"out_of_range"]]},{"name":"temperature","tags":{"gateway":"gw-1","sensor":"t1","site":"s"},{{Columns}},"values":[[2000,1e-7,"ok"]]}]}]}"""));
        var msgPack = new InfluxSeriesReader("room-1");

        // Two chunks back to back, the first series cut across them, as InfluxDB sends a chunked answer.
        msgPack.ReadMsgPack([
            .. Answer(Series("t2", true, Row(1000, MsgPack.Float(2.5), "ok"), Row(2000, MsgPack.Nil, "sensor_fault"))),
            .. Answer(Series("t2", false, Row(3000, MsgPack.Float(-18.000000000000004), "out_of_range")), Series("t1", false, Row(2000, MsgPack.Float(1e-7), "ok")))]);

        Assert.That(msgPack.Merge(), Is.EqualTo(json.Merge()));
    }

    [Test]
    public void A_message_pack_error_fails_the_query_with_the_reason()
    {
        var reader = new InfluxSeriesReader("room-1");

        Assert.That(
            () => reader.ReadMsgPack(MsgPack.Map(("results", MsgPack.Array(MsgPack.Map(("statement_id", MsgPack.Int(0)), ("error", MsgPack.Str("database not found: x"))))))),
            Throws.InstanceOf<InfluxException>().With.Message.Contains("database not found: x"));
    }

    [Test]
    public void A_cut_off_message_pack_answer_is_not_complete_at_any_length_and_fails_to_read()
    {
        var answer = Answer(Series("t1", false, Row(1000, MsgPack.Float(2.5), "ok"), Row(2000, MsgPack.Float(3.5), "ok")));

        var incomplete = Enumerable.Range(0, answer.Length).Where(n => MsgPackReader.DocumentLength(answer.AsSpan(0, n)) >= 0).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(incomplete, Is.Empty, "no prefix is taken for a whole document");
            Assert.That(MsgPackReader.DocumentLength([.. answer, .. answer]), Is.EqualTo(answer.Length));
            Assert.That(() => new InfluxSeriesReader("room-1").ReadMsgPack(answer.AsSpan(0, answer.Length - 3)), Throws.InstanceOf<InfluxException>().With.Message.Contains("cut-off"));
        });
    }

    private static byte[] Answer(params byte[][] series) =>
        MsgPack.Map(("results", MsgPack.Array(MsgPack.Map(("statement_id", MsgPack.Int(0)), ("series", MsgPack.Array(series))))));

    private static byte[] Series(string sensor, bool partial, params byte[][] rows) => MsgPack.Map(
    [
        ("name", MsgPack.Str("temperature")),
        ("tags", MsgPack.Map(("gateway", MsgPack.Str("gw-1")), ("sensor", MsgPack.Str(sensor)), ("site", MsgPack.Str("s")))),
        ("columns", MsgPack.Array(MsgPack.Str("time"), MsgPack.Str("value"), MsgPack.Str("status"))),
        ("values", MsgPack.Array(rows)),
        .. partial ? new[] { ("partial", MsgPack.True) } : [],
    ]);

    private static byte[] Row(long time, byte[] value, string status) => MsgPack.Array(MsgPack.Int(time), value, MsgPack.Str(status));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
