using System.Device.I2c;
using ColdChain.Edge.Sampling.Sensirion;

namespace ColdChain.Edge.Sampling.Sht3x;

/// <summary>SHT30/31/35 (Sensirion SHT3x-DIS datasheet; numbers checked against version 5, 2018). See README.md.</summary>
internal sealed class Sht3xSensor(I2cDevice device, string temperatureId, string humidityId, TimeProvider time)
    : SensirionHumiditySensor(device, temperatureId, humidityId, time)
{
    /// <summary>ADDR pin low; 0x45 with ADDR high.</summary>
    public const int DefaultAddress = 0x44;

    protected override string Model => "SHT3x";

    /// <summary>Single shot, high repeatability, clock stretching disabled (§4.3, Table 9).</summary>
    protected override ReadOnlySpan<byte> MeasureCommand => [0x24, 0x00];

    /// <summary>Soft reset (§4.9).</summary>
    protected override ReadOnlySpan<byte> SoftResetCommand => [0x30, 0xA2];

    /// <summary>High repeatability takes at most 15.5 ms (§2 timing table), rounded up.</summary>
    protected override TimeSpan MeasurementTime => TimeSpan.FromMilliseconds(16);

    /// <summary>Soft reset time, max 1.5 ms (§2 timing table), rounded up.</summary>
    protected override TimeSpan SoftResetTime => TimeSpan.FromMilliseconds(2);

    /// <summary>T = −45 + 175 · S_T / (2¹⁶ − 1) (§4.13, the second formula).</summary>
    protected override double Celsius(ushort raw) => -45 + (175.0 * raw / 65535);

    /// <summary>RH = 100 · S_RH / (2¹⁶ − 1) (§4.13, the first formula).</summary>
    protected override double RelativeHumidity(ushort raw) => 100.0 * raw / 65535;
}
