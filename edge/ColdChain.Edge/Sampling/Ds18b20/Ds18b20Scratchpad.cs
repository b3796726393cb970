using System.Globalization;

namespace ColdChain.Edge.Sampling.Ds18b20;

/// <summary>
/// Turns what the Linux w1_therm driver shows into a temperature or a fault. Every constant is from the DS18B20
/// datasheet (Maxim 19-7487): the scratchpad layout (Figure 7), the temperature register format (Figure 4, Table 1),
/// the configuration register's resolution bits (Figure 10, Table 2), the +85 °C power-on value (Table 1 note /
/// "Memory": "The power-on reset value of the temperature register is +85°C") and the −55…+125 °C range.
/// </summary>
internal static class Ds18b20Scratchpad
{
    public const double LowestCelsius = -55;
    public const double HighestCelsius = 125;

    /// <summary>0x0550: +85 °C, the register's value before any conversion ran (a brown-out or a parasite-power fault).</summary>
    public const short PowerOnRaw = 0x0550;

    public const int PowerOnMilliCelsius = 85_000;

    /// <summary>Parses <c>w1_slave</c>: "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES" then "72 01 … 57 t=23125".</summary>
    public static (double? Celsius, string? Fault) FromW1Slave(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2 || !TryBytes(lines[0], out var bytes) || !lines[1].Contains("t=", StringComparison.Ordinal))
        {
            return (null, $"w1_slave is not in the w1_therm format: '{Shorten(text)}'");
        }

        if (bytes.All(b => b == 0x00))
        {
            return (null, "scratchpad reads all zeros: data line shorted to ground or sensor disconnected");
        }

        if (bytes.All(b => b == 0xFF))
        {
            return (null, "scratchpad reads all ones: sensor disconnected (no presence on the bus)");
        }

        if (!lines[0].EndsWith("YES", StringComparison.Ordinal))
        {
            return (null, "the kernel's CRC check failed (crc=… NO): noise or a loose wire");
        }

        if (DallasCrc8.Compute(bytes.AsSpan(0, 8)) != bytes[8])
        {
            return (null, $"scratchpad CRC mismatch: computed {DallasCrc8.Compute(bytes.AsSpan(0, 8)):x2}, byte 8 is {bytes[8]:x2}");
        }

        var raw = (short)(bytes[0] | (bytes[1] << 8));
        if (raw == PowerOnRaw)
        {
            return (null, "85.000 °C is the power-on reset value: no conversion ran (supply or parasite-power fault)");
        }

        // Configuration register bits 6:5 (R1 R0) give 9…12 bits; the lower, undefined bits are masked (Table 2).
        var resolutionBits = 9 + ((bytes[4] >> 5) & 0b11);
        var masked = (short)(raw & ~((1 << (12 - resolutionBits)) - 1));
        return InRange(masked / 16.0);
    }

    /// <summary>Parses the newer <c>temperature</c> file: millidegrees Celsius, e.g. "23125". The kernel has already checked the CRC (a failure reads as an I/O error).</summary>
    public static (double? Celsius, string? Fault) FromTemperatureFile(string text)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milli))
        {
            return (null, $"temperature file is not millidegrees: '{Shorten(text)}'");
        }

        return milli == PowerOnMilliCelsius
            ? (null, "85.000 °C is the power-on reset value: no conversion ran (supply or parasite-power fault)")
            : InRange(milli / 1000.0);
    }

    private static (double?, string?) InRange(double celsius) =>
        celsius is < LowestCelsius or > HighestCelsius
            ? (null, $"{celsius.ToString("0.###", CultureInfo.InvariantCulture)} °C is outside the DS18B20's −55…+125 °C range: a disconnect or a bus error")
            : (celsius, null);

    private static bool TryBytes(string line, out byte[] bytes)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bytes = new byte[9];
        if (parts.Length < 9)
        {
            return false;
        }

        for (var i = 0; i < 9; i++)
        {
            if (!byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length > 80 ? flat[..80] + "…" : flat;
    }
}
