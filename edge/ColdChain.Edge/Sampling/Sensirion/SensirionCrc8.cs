namespace ColdChain.Edge.Sampling.Sensirion;

/// <summary>
/// Sensirion's CRC-8: polynomial 0x31 (x⁸ + x⁵ + x⁴ + 1), init 0xFF, no reflection, no final XOR, over each 16-bit
/// word (SHT3x-DIS datasheet §4.12 Table 20, and the SHT4x datasheet). Check value: 0xBEEF → 0x92.
/// </summary>
internal static class SensirionCrc8
{
    public static byte Compute(ReadOnlySpan<byte> data)
    {
        byte crc = 0xFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x31) : (byte)(crc << 1);
            }
        }

        return crc;
    }
}
