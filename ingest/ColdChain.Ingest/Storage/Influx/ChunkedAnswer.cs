using System.Buffers;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// The body of a chunked InfluxQL answer: documents one after another (JSON one per line, MessagePack back to back),
/// each handed over as bytes as soon as it is complete: never decoded to a string, never the whole body at once.
/// </summary>
internal static class ChunkedAnswer
{
    public delegate void DocumentHandler(ReadOnlySpan<byte> document);

    /// <summary>The length of the first complete document in <paramref name="buffered"/>, or -1 while it needs more bytes.</summary>
    public delegate int DocumentLength(ReadOnlySpan<byte> buffered);

    public static Task ReadJsonLinesAsync(Stream stream, DocumentHandler handle, CancellationToken cancellationToken) =>
        ReadAsync(stream, JsonLineLength, line =>
        {
            var trimmed = line.Trim(" \t\r\n"u8);
            if (!trimmed.IsEmpty)
            {
                handle(trimmed);
            }
        }, cancellationToken);

    public static Task ReadMsgPackAsync(Stream stream, DocumentHandler handle, CancellationToken cancellationToken) =>
        ReadAsync(stream, MsgPackReader.DocumentLength, handle, cancellationToken);

    /// <summary>
    /// Hands over each complete document; what is left at the end (a cut-off document) is handed over as it is, for the
    /// reader to refuse. An incomplete document is measured again only once the buffered bytes have doubled, so a
    /// document is scanned a bounded number of times however small the network's reads.
    /// </summary>
    private static async Task ReadAsync(Stream stream, DocumentLength measure, DocumentHandler handle, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        var start = 0;
        var filled = 0;
        var measureAt = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var target = start > 0 ? buffer : ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(start, filled - start).CopyTo(target);
                    if (target != buffer)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = target;
                    }

                    filled -= start;
                    start = 0;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                var end = read == 0;
                filled += read;
                while (start < filled && (end || filled - start >= measureAt))
                {
                    var pending = buffer.AsSpan(start, filled - start);
                    var length = measure(pending);
                    if (length < 0 && !end)
                    {
                        measureAt = pending.Length * 2;
                        break;
                    }

                    length = length < 0 ? pending.Length : length;
                    handle(pending[..length]);
                    start += length;
                    measureAt = 0;
                }

                if (end)
                {
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int JsonLineLength(ReadOnlySpan<byte> buffered)
    {
        var newline = buffered.IndexOf((byte)'\n');
        return newline < 0 ? -1 : newline + 1;
    }
}
