using System.Device.I2c;

namespace ColdChain.Edge.Tests.Support;

/// <summary>An I2C device that answers each read with the next scripted frame (or a NACK) and records every write.</summary>
internal sealed class ScriptedI2cDevice(int address, params byte[]?[] replies) : I2cDevice
{
    private readonly Queue<byte[]?> _replies = new(replies);

    public List<byte[]> Writes { get; } = [];

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, address);

    public override void Read(Span<byte> buffer)
    {
        // null in the script: the device does not acknowledge, which i2c-dev reports as an I/O error.
        var reply = _replies.Count > 0 ? _replies.Dequeue() : null;
        if (reply is null)
        {
            throw new IOException("Error 121 performing I2C data transfer (NACK)");
        }

        reply.CopyTo(buffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }
}
