using System.Buffers.Binary;
using System.Text;

namespace ColdChain.Ingest.Tests.Storage;

/// <summary>Just enough MessagePack writing to build InfluxDB answers by hand, in the widest encodings InfluxDB uses.</summary>
internal static class MsgPack
{
    public static byte[] Map(params (string Key, byte[] Value)[] entries) =>
        [0xde, .. BigEndian16(entries.Length), .. entries.SelectMany(e => Str(e.Key).Concat(e.Value))];

    public static byte[] Array(params byte[][] items) => [0xdc, .. BigEndian16(items.Length), .. items.SelectMany(i => i)];

    public static byte[] Str(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return utf8.Length < 32 ? [(byte)(0xa0 | utf8.Length), .. utf8] : [0xd9, (byte)utf8.Length, .. utf8];
    }

    public static byte[] Int(long value)
    {
        var bytes = new byte[9];
        bytes[0] = 0xd3;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    public static byte[] Float(double value)
    {
        var bytes = new byte[9];
        bytes[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(1), value);
        return bytes;
    }

    public static byte[] Nil { get; } = [0xc0];

    public static byte[] True { get; } = [0xc3];

    private static byte[] BigEndian16(int value) => [(byte)(value >> 8), (byte)value];
}
