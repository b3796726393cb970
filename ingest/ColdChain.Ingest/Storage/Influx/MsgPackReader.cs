using System.Buffers.Binary;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// Reads the MessagePack that InfluxDB (1.4 and later) answers to <c>Accept: application/x-msgpack</c>: the same
/// shape as its JSON, about half the bytes, and cheaper for the server to write. Only what such an answer holds
/// (maps, arrays, strings, integers, floats, nil, booleans); anything else is skipped by its length.
/// Every read checks the bounds: a cut-off or malformed answer throws <see cref="InfluxException"/>.
/// </summary>
internal ref struct MsgPackReader(ReadOnlySpan<byte> data)
{
    private const int MaxDepth = 16;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    /// <summary>The length of the first complete value in <paramref name="buffered"/>, or -1 when it is cut off so far.</summary>
    public static int DocumentLength(ReadOnlySpan<byte> buffered)
    {
        var reader = new MsgPackReader(buffered);
        return reader.TrySkip(0) ? reader._position : -1;
    }

    public int ReadMapHeader() => Peek() switch
    {
        >= 0x80 and <= 0x8f => Take(1)[0] & 0x0f,
        0xde => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
        0xdf => Count(BinaryPrimitives.ReadUInt32BigEndian(Take(5)[1..])),
        var other => throw Unexpected(other, "a map"),
    };

    public int ReadArrayHeader() => Peek() switch
    {
        >= 0x90 and <= 0x9f => Take(1)[0] & 0x0f,
        0xdc => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
        0xdd => Count(BinaryPrimitives.ReadUInt32BigEndian(Take(5)[1..])),
        var other => throw Unexpected(other, "an array"),
    };

    public bool IsString => Peek() is (>= 0xa0 and <= 0xbf) or 0xd9 or 0xda or 0xdb;

    public bool IsNumber => Peek() is <= 0x7f or >= 0xe0 or (>= 0xca and <= 0xd3);

    /// <summary>The UTF-8 bytes of a string, without copying.</summary>
    public ReadOnlySpan<byte> ReadString()
    {
        var length = Peek() switch
        {
            >= 0xa0 and <= 0xbf => Take(1)[0] & 0x1f,
            0xd9 => Take(2)[1],
            0xda => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
            0xdb => Count(BinaryPrimitives.ReadUInt32BigEndian(Take(5)[1..])),
            var other => throw Unexpected(other, "a string"),
        };
        return Take(length);
    }

    public long ReadInt64()
    {
        var marker = Peek();
        return marker switch
        {
            <= 0x7f => Take(1)[0],
            >= 0xe0 => (sbyte)Take(1)[0],
            0xcc => Take(2)[1],
            0xcd => BinaryPrimitives.ReadUInt16BigEndian(Take(3)[1..]),
            0xce => BinaryPrimitives.ReadUInt32BigEndian(Take(5)[1..]),
            0xcf => checked((long)BinaryPrimitives.ReadUInt64BigEndian(Take(9)[1..])),
            0xd0 => (sbyte)Take(2)[1],
            0xd1 => BinaryPrimitives.ReadInt16BigEndian(Take(3)[1..]),
            0xd2 => BinaryPrimitives.ReadInt32BigEndian(Take(5)[1..]),
            0xd3 => BinaryPrimitives.ReadInt64BigEndian(Take(9)[1..]),
            _ => throw Unexpected(marker, "an integer"),
        };
    }

    /// <summary>A float, or an integer read as one (a value that happens to be whole).</summary>
    public double ReadDouble() => Peek() switch
    {
        0xcb => BinaryPrimitives.ReadDoubleBigEndian(Take(9)[1..]),
        0xca => BinaryPrimitives.ReadSingleBigEndian(Take(5)[1..]),
        _ => ReadInt64(),
    };

    public void Skip()
    {
        if (!TrySkip(0))
        {
            throw new InfluxException("InfluxDB answered with cut-off or malformed MessagePack");
        }
    }

    private bool TrySkip(int depth)
    {
        if (_position >= _data.Length || depth > MaxDepth)
        {
            return false;
        }

        var marker = _data[_position];
        long items = 0;
        long bytes = marker switch
        {
            <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3 => 1,
            >= 0x80 and <= 0x8f => Items(1, (marker & 0x0f) * 2L, out items),
            >= 0x90 and <= 0x9f => Items(1, marker & 0x0f, out items),
            >= 0xa0 and <= 0xbf => 1 + (marker & 0x1f),
            0xcc or 0xd0 => 2,
            0xcd or 0xd1 => 3,
            0xca or 0xce or 0xd2 => 5,
            0xcb or 0xcf or 0xd3 => 9,
            0xd4 => 3,
            0xd5 => 4,
            0xd6 => 6,
            0xd7 => 10,
            0xd8 => 18,
            0xc4 or 0xd9 => Sized(2, _position + 1 < _data.Length ? _data[_position + 1] : -1),
            0xc5 or 0xda => Sized(3, Length(2)),
            0xc6 or 0xdb => Sized(5, Length(4)),
            0xc7 => Sized(3, _position + 1 < _data.Length ? _data[_position + 1] : -1),
            0xc8 => Sized(4, Length(2)),
            0xc9 => Sized(6, Length(4)),
            0xdc => Items(3, Length(2), out items),
            0xdd => Items(5, Length(4), out items),
            0xde => Items(3, Length(2) * 2, out items),
            0xdf => Items(5, Length(4) * 2, out items),
            _ => -1, // 0xc1: never used
        };
        if (bytes < 0 || bytes > _data.Length - _position)
        {
            return false;
        }

        _position += (int)bytes;
        for (long i = 0; i < items; i++)
        {
            if (!TrySkip(depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A header of <paramref name="header"/> bytes followed by <paramref name="count"/> values (-1: not all there yet).</summary>
    private static long Items(int header, long count, out long items)
    {
        items = count < 0 ? 0 : count;
        return count < 0 ? -1 : header;
    }

    private static long Sized(int header, long length) => length < 0 ? -1 : header + length;

    /// <summary>The big-endian length of <paramref name="size"/> bytes after the marker, or -1 when they are not all there.</summary>
    private readonly long Length(int size)
    {
        if (_data.Length - _position - 1 < size)
        {
            return -1;
        }

        var field = _data.Slice(_position + 1, size);
        return size == 2 ? BinaryPrimitives.ReadUInt16BigEndian(field) : BinaryPrimitives.ReadUInt32BigEndian(field);
    }

    private readonly byte Peek() =>
        _position < _data.Length ? _data[_position] : throw new InfluxException("InfluxDB answered with cut-off MessagePack");

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _data.Length - _position)
        {
            throw new InfluxException("InfluxDB answered with cut-off MessagePack");
        }

        var taken = _data.Slice(_position, length);
        _position += length;
        return taken;
    }

    private static int Count(uint count) =>
        count <= int.MaxValue ? (int)count : throw new InfluxException("InfluxDB answered with a MessagePack length beyond 2 GB");

    private static InfluxException Unexpected(byte marker, string expected) =>
        new($"InfluxDB answered with unexpected MessagePack: 0x{marker:x2} where {expected} belongs");
}
