using System.Device.I2c;
using ColdChain.Edge.Sampling.Sensirion;

namespace ColdChain.Edge.Sampling.Sht4x;

/// <summary>SHT40/41/45 (Sensirion SHT4x datasheet). See README.md for where each constant was checked.</summary>
internal sealed class Sht4xSensor(I2cDevice device, string temperatureId, string humidityId, TimeProvider time)
    : SensirionHumiditySensor(device, temperatureId, humidityId, time)
{
    /// <summary>SHT4x-A variants; SHT4x-B is 0x45.</summary>
    public const int DefaultAddress = 0x44;

    protected override string Model => "SHT4x";

    /// <summary>Measure T &amp; RH with high precision (high repeatability).</summary>
    protected override ReadOnlySpan<byte> MeasureCommand => [0xFD];

    /// <summary>Soft reset.</summary>
    protected override ReadOnlySpan<byte> SoftResetCommand => [0x94];

    /// <summary>High precision takes at most 8.3 ms (system timing table), rounded up.</summary>
    protected override TimeSpan MeasurementTime => TimeSpan.FromMilliseconds(9);

    /// <summary>Soft reset time, max 1 ms, rounded up.</summary>
    protected override TimeSpan SoftResetTime => TimeSpan.FromMilliseconds(2);

    /// <summary>T = −45 + 175 · S_T / (2¹⁶ − 1).</summary>
    protected override double Celsius(ushort raw) => -45 + (175.0 * raw / 65535);

    /// <summary>RH = −6 + 125 · S_RH / (2¹⁶ − 1), cropped to 0…100 %RH as the datasheet advises (the formula reaches −6 and 119).</summary>
    protected override double RelativeHumidity(ushort raw) => Math.Clamp(-6 + (125.0 * raw / 65535), 0, 100);
}
