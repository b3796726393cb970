using System.Buffers;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>The body of a chunked InfluxQL answer: one JSON document per line, handed over as bytes (never decoded to a string).</summary>
internal static class ChunkedJson
{
    public delegate void LineHandler(ReadOnlySpan<byte> line);

    public static async Task ReadLinesAsync(Stream stream, LineHandler handle, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var filled = 0;
            var scanned = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    Handle(buffer.AsSpan(0, filled), handle);
                    return;
                }

                filled += read;
                var start = 0;
                int newline;
                while ((newline = buffer.AsSpan(scanned, filled - scanned).IndexOf((byte)'\n')) >= 0)
                {
                    var end = scanned + newline;
                    Handle(buffer.AsSpan(start, end - start), handle);
                    start = scanned = end + 1;
                }

                scanned = filled;
                if (start > 0)
                {
                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    filled -= start;
                    scanned -= start;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Handle(ReadOnlySpan<byte> line, LineHandler handle)
    {
        var trimmed = line.Trim(" \t\r"u8);
        if (!trimmed.IsEmpty)
        {
            handle(trimmed);
        }
    }
}
