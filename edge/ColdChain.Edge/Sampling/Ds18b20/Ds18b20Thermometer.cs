using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling.Ds18b20;

/// <summary>
/// One DS18B20 on the Linux 1-Wire bus (w1-gpio + w1_therm): <c>{devices}/28-xxxxxxxxxxxx/</c>. Reads the newer
/// <c>temperature</c> file where the kernel has it, else <c>w1_slave</c>. Reading either starts a conversion (≤ 750 ms
/// at 12 bits), which the kernel waits for.
/// </summary>
internal sealed class Ds18b20Thermometer(string sensorId, string romId, string devicesFolder) : IMeasuringSensor
{
    public const string DefaultDevicesFolder = "/sys/bus/w1/devices";

    public string RomId => romId;

    /// <summary>The ROM ids of the DS18B20s (family code 28) the kernel has found.</summary>
    public static IReadOnlyList<string> Discover(string devicesFolder = DefaultDevicesFolder) =>
        Directory.Exists(devicesFolder)
            ? Directory.GetFileSystemEntries(devicesFolder, "28-*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
            : [];

    public Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Measurement>>([Read()]);

    public Measurement Read()
    {
        var folder = Path.Combine(devicesFolder, romId);
        if (!Directory.Exists(folder))
        {
            return Measurement.Faulted(sensorId, Quantity.Temperature, $"DS18B20 {romId} is not on the 1-Wire bus: disconnected or never detected");
        }

        var (celsius, fault) = ReadFiles(folder);
        return celsius is { } value
            ? Measurement.Ok(sensorId, Quantity.Temperature, value)
            : Measurement.Faulted(sensorId, Quantity.Temperature, $"DS18B20 {romId}: {fault}");
    }

    private static (double?, string?) ReadFiles(string folder)
    {
        try
        {
            var temperature = Path.Combine(folder, "temperature");
            return File.Exists(temperature)
                ? Ds18b20Scratchpad.FromTemperatureFile(File.ReadAllText(temperature))
                : Ds18b20Scratchpad.FromW1Slave(File.ReadAllText(Path.Combine(folder, "w1_slave")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The kernel answers a failed CRC on the temperature file, and a sensor that vanished mid-read, with EIO.
            return (null, $"read failed: {e.Message}");
        }
    }
}
