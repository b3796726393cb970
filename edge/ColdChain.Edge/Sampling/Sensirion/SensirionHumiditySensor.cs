using System.Device.I2c;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling.Sensirion;

/// <summary>
/// What the SHT3x and SHT4x share: send a single-shot command, wait out the measurement, read six bytes
/// (T msb, T lsb, CRC, RH msb, RH lsb, CRC), check the CRC of each word. On a CRC failure or a NACK: soft reset and
/// retry; if every attempt fails, both quantities are reported as <c>sensor_fault</c> — never the previous value
/// (the mistake the dotnet/iot SHT3x binding makes).
/// </summary>
internal abstract class SensirionHumiditySensor(I2cDevice device, string temperatureId, string humidityId, TimeProvider time) : IMeasuringSensor
{
    public const int DefaultAttempts = 3;

    public int Attempts { get; init; } = DefaultAttempts;

    protected abstract string Model { get; }

    protected abstract ReadOnlySpan<byte> MeasureCommand { get; }

    protected abstract ReadOnlySpan<byte> SoftResetCommand { get; }

    protected abstract TimeSpan MeasurementTime { get; }

    protected abstract TimeSpan SoftResetTime { get; }

    public async Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken cancellationToken)
    {
        var fault = "no attempt made";
        var frame = new byte[6];
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (attempt > 1)
            {
                await SoftResetAsync(cancellationToken);
            }

            try
            {
                device.Write(MeasureCommand);
                await Task.Delay(MeasurementTime, time, cancellationToken);
                device.Read(frame);
            }
            catch (IOException e)
            {
                // A NACK (the sensor is busy, unplugged or hung) surfaces as an I/O error from i2c-dev.
                fault = $"I2C transfer failed: {e.Message}";
                continue;
            }

            if ((WordProblem(frame, 0) ?? WordProblem(frame, 3)) is { } crc)
            {
                fault = crc;
                continue;
            }

            var rawT = (ushort)((frame[0] << 8) | frame[1]);
            var rawRh = (ushort)((frame[3] << 8) | frame[4]);
            return
            [
                Measurement.Ok(temperatureId, Quantity.Temperature, Math.Round(Celsius(rawT), 3)),
                Measurement.Ok(humidityId, Quantity.Humidity, Math.Round(RelativeHumidity(rawRh), 2)),
            ];
        }

        var detail = $"{Model} at 0x{device.ConnectionSettings.DeviceAddress:x2}: {fault} ({Attempts} attempts)";
        return [Measurement.Faulted(temperatureId, Quantity.Temperature, detail), Measurement.Faulted(humidityId, Quantity.Humidity, detail)];
    }

    protected abstract double Celsius(ushort raw);

    protected abstract double RelativeHumidity(ushort raw);

    private static string? WordProblem(byte[] frame, int offset)
    {
        var expected = SensirionCrc8.Compute(frame.AsSpan(offset, 2));
        return expected == frame[offset + 2]
            ? null
            : $"CRC mismatch on word {offset / 3}: computed 0x{expected:x2}, received 0x{frame[offset + 2]:x2}";
    }

    private async Task SoftResetAsync(CancellationToken cancellationToken)
    {
        try
        {
            device.Write(SoftResetCommand);
        }
        catch (IOException)
        {
            // A hung sensor may NACK the reset too; the retry that follows reports the fault.
        }

        await Task.Delay(SoftResetTime, time, cancellationToken);
    }
}
