using ColdChain.Edge.Sampling;
using ColdChain.Edge.Sampling.Sensirion;
using ColdChain.Edge.Sampling.Sht3x;
using ColdChain.Edge.Sampling.Sht4x;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Sampling;

/// <summary>SHT3x and SHT4x against byte sequences built from their datasheets' formulas and CRC.</summary>
public sealed class SensirionTests
{
    // 4.0 °C and 60.0 %RH for the SHT3x: S_T = 0x47AE, S_RH = 0x9999, each followed by its CRC.
    private static readonly byte[] Sht3xFrame = [0x47, 0xAE, 0x45, 0x99, 0x99, 0xBE];
    private static readonly byte[] Sht3xBadCrc = [0x47, 0xAE, 0x46, 0x99, 0x99, 0xBE];

    private readonly FakeTimeProvider _time = new(GatewayHarness.Morning);

    [Test]
    public void The_CRC_matches_the_datasheet_check_value()
    {
        Assert.That(SensirionCrc8.Compute([0xBE, 0xEF]), Is.EqualTo(0x92));
    }

    [Test]
    public async Task An_SHT3x_single_shot_high_repeatability_measurement_reads_temperature_and_humidity()
    {
        var device = new ScriptedI2cDevice(0x44, Sht3xFrame);

        var readings = await Measure(new Sht3xSensor(device, "room-t1", "room-h1", _time));

        Assert.Multiple(() =>
        {
            Assert.That(device.Writes, Is.EqualTo(new[] { new byte[] { 0x24, 0x00 } }));
            Assert.That(readings.Select(r => (r.SensorId, r.Quantity, r.Value)), Is.EqualTo(new[]
            {
                ("room-t1", Quantity.Temperature, (double?)4.001),
                ("room-h1", Quantity.Humidity, (double?)60.0),
            }));
        });
    }

    [Test]
    public async Task A_CRC_failure_makes_the_SHT3x_soft_reset_and_retry_and_the_retry_counts()
    {
        var device = new ScriptedI2cDevice(0x44, Sht3xBadCrc, Sht3xFrame);

        var readings = await Measure(new Sht3xSensor(device, "room-t1", "room-h1", _time));

        Assert.Multiple(() =>
        {
            Assert.That(device.Writes, Is.EqualTo(new[] { new byte[] { 0x24, 0x00 }, [0x30, 0xA2], [0x24, 0x00] }));
            Assert.That(readings.Select(r => r.Value), Is.EqualTo(new double?[] { 4.001, 60.0 }));
        });
    }

    [Test]
    public async Task An_SHT3x_whose_CRC_keeps_failing_reports_a_fault_for_both_quantities_and_no_value()
    {
        var device = new ScriptedI2cDevice(0x44, Sht3xBadCrc, Sht3xBadCrc, Sht3xBadCrc);

        var readings = await Measure(new Sht3xSensor(device, "room-t1", "room-h1", _time));

        Assert.Multiple(() =>
        {
            Assert.That(readings.Select(r => r.Value), Is.All.Null);
            Assert.That(readings.Select(r => r.Fault), Is.All.Contains("CRC mismatch on word 0"));
            Assert.That(device.Writes.Count(w => w.SequenceEqual(new byte[] { 0x30, 0xA2 })), Is.EqualTo(2), "a soft reset before each retry");
        });
    }

    [Test]
    public async Task A_disconnected_SHT3x_that_does_not_acknowledge_is_a_fault()
    {
        var device = new ScriptedI2cDevice(0x45);

        var readings = await Measure(new Sht3xSensor(device, "room-t1", "room-h1", _time));

        Assert.That(readings.Select(r => r.Fault), Is.All.Contains("I2C transfer failed").And.All.Contains("0x45"));
    }

    [Test]
    public async Task A_bus_pulled_high_reads_all_ones_which_fails_the_CRC_rather_than_reading_130_degrees()
    {
        var device = new ScriptedI2cDevice(0x44, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        var readings = await Measure(new Sht3xSensor(device, "room-t1", "room-h1", _time));

        Assert.That(readings.Select(r => r.Value), Is.All.Null);
    }

    [Test]
    public async Task An_SHT4x_high_precision_measurement_uses_its_own_command_and_humidity_formula()
    {
        // 25.0 °C (S_T = 0x6666) and 55.0 %RH (S_RH = 0x7CED: −6 + 125·S/65535).
        var device = new ScriptedI2cDevice(0x44, [0x66, 0x66, 0x93, 0x7C, 0xED, 0x83]);

        var readings = await Measure(new Sht4xSensor(device, "room-t1", "room-h1", _time));

        Assert.Multiple(() =>
        {
            Assert.That(device.Writes, Is.EqualTo(new[] { new byte[] { 0xFD } }));
            Assert.That(readings.Select(r => r.Value), Is.EqualTo(new double?[] { 25.0, 55.0 }));
        });
    }

    [Test]
    public async Task An_SHT4x_humidity_beyond_100_percent_is_cropped_as_the_datasheet_advises()
    {
        var device = new ScriptedI2cDevice(0x44, [0x66, 0x66, 0x93, 0xFF, 0xFF, 0xAC]);

        var readings = await Measure(new Sht4xSensor(device, "room-t1", "room-h1", _time));

        Assert.That(readings[1].Value, Is.EqualTo(100.0));
    }

    [Test]
    public async Task An_SHT4x_CRC_failure_soft_resets_with_its_own_command()
    {
        var device = new ScriptedI2cDevice(0x44, [0x66, 0x66, 0x00, 0x7C, 0xED, 0x83], [0x66, 0x66, 0x93, 0x7C, 0xED, 0x83]);

        var readings = await Measure(new Sht4xSensor(device, "room-t1", "room-h1", _time));

        Assert.Multiple(() =>
        {
            Assert.That(device.Writes, Is.EqualTo(new[] { new byte[] { 0xFD }, [0x94], [0xFD] }));
            Assert.That(readings[0].Value, Is.EqualTo(25.0));
        });
    }

    private Task<IReadOnlyList<Measurement>> Measure(IMeasuringSensor sensor) => _time.DriveAsync(() => sensor.MeasureAsync(CancellationToken.None));
}
