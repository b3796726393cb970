using System.Text;
using ColdChain.Ingest.Storage.Influx;

namespace ColdChain.Ingest.Tests.Storage;

public sealed class ChunkedAnswerTests
{
    [Test]
    public async Task Message_pack_documents_arriving_a_few_bytes_at_a_time_are_handed_over_whole_and_in_order()
    {
        byte[][] documents = [MsgPack.Map(("a", MsgPack.Str(new string('x', 100)))), MsgPack.Map(("b", MsgPack.Int(7))), MsgPack.Array([.. Enumerable.Range(0, 500).Select(i => MsgPack.Float(i))])];
        var received = new List<byte[]>();

        await ChunkedAnswer.ReadMsgPackAsync(new TrickleStream([.. documents.SelectMany(d => d)]), d => received.Add(d.ToArray()), CancellationToken.None);

        Assert.That(received, Is.EqualTo(documents));
    }

    [Test]
    public async Task Json_lines_arriving_a_few_bytes_at_a_time_are_handed_over_trimmed_without_the_blank_ones()
    {
        var received = new List<string>();

        await ChunkedAnswer.ReadJsonLinesAsync(new TrickleStream(Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n{\"b\":\"" + new string('y', 3000) + "\"}\n{\"c\":3}")), d => received.Add(Encoding.UTF8.GetString(d)), CancellationToken.None);

        Assert.That(received, Is.EqualTo(new[] { "{\"a\":1}", "{\"b\":\"" + new string('y', 3000) + "\"}", "{\"c\":3}" }));
    }

    [Test]
    public async Task A_cut_off_last_document_is_handed_over_as_it_is_for_the_reader_to_refuse()
    {
        var whole = MsgPack.Map(("a", MsgPack.Int(1)));
        var received = new List<byte[]>();

        await ChunkedAnswer.ReadMsgPackAsync(new TrickleStream([.. whole, .. whole[..^2]]), d => received.Add(d.ToArray()), CancellationToken.None);

        Assert.That(received, Is.EqualTo(new[] { whole, whole[..^2] }));
    }

    /// <summary>A network that hands over 1 to 7 bytes per read.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        private int _reads;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1 + (_reads++ % 7))], cancellationToken);
    }
}
