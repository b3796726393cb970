namespace ColdChain.Edge.Sampling.Ds18b20;

/// <summary>The 1-Wire CRC-8 (X⁸ + X⁵ + X⁴ + 1, LSB first, init 0): DS18B20 datasheet, "CRC Generation".</summary>
internal static class DallasCrc8
{
    public static byte Compute(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (byte)((crc >> 1) ^ 0x8C) : (byte)(crc >> 1);
            }
        }

        return crc;
    }
}
