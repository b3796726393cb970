using ColdChain.Edge.Sampling.Ds18b20;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Tests.Sampling;

/// <summary>The DS18B20 driver against recorded sysfs files (w1_therm output as the kernel writes it).</summary>
public sealed class Ds18b20Tests
{
    private const string Rom = "28-0316a2794aff";
    private TempFolder _devices = null!;

    [SetUp]
    public void MakeBus() => _devices = new TempFolder("coldchain-w1");

    [TearDown]
    public void RemoveBus() => _devices.Dispose();

    [Test]
    public void A_good_w1_slave_reads_as_its_temperature()
    {
        Record("72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");

        var reading = Read();

        Assert.That((reading.Value, reading.Fault), Is.EqualTo(((double?)23.125, (string?)null)));
    }

    [Test]
    public void A_freezer_temperature_below_zero_reads_as_twos_complement()
    {
        Record("d8 fe 4b 46 7f ff 08 10 6d : crc=6d YES\nd8 fe 4b 46 7f ff 08 10 6d t=-18500\n");

        Assert.That(Read().Value, Is.EqualTo(-18.5));
    }

    [Test]
    public void At_nine_bit_resolution_the_undefined_low_bits_are_masked()
    {
        Record("91 01 4b 46 1f ff 0f 10 b5 : crc=b5 YES\n91 01 4b 46 1f ff 0f 10 b5 t=25062\n");

        Assert.That(Read().Value, Is.EqualTo(25.0));
    }

    [Test]
    public void A_failed_kernel_CRC_check_is_a_fault_with_no_value()
    {
        Record("72 01 4b 46 7f ff 0e 10 58 : crc=57 NO\n72 01 4b 46 7f ff 0e 10 58 t=23125\n");

        var reading = Read();

        Assert.Multiple(() =>
        {
            Assert.That(reading.Value, Is.Null);
            Assert.That(reading.Fault, Does.Contain("CRC"));
        });
    }

    [Test]
    public void A_scratchpad_whose_CRC_does_not_match_is_a_fault_even_when_the_kernel_said_YES()
    {
        Record("73 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n73 01 4b 46 7f ff 0e 10 57 t=23187\n");

        Assert.That(Read().Fault, Does.Contain("CRC mismatch"));
    }

    [Test]
    public void The_85_degree_power_on_value_is_a_fault_not_a_reading()
    {
        Record("50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n");

        var reading = Read();

        Assert.Multiple(() =>
        {
            Assert.That(reading.Value, Is.Null);
            Assert.That(reading.Fault, Does.Contain("85.000 °C"));
        });
    }

    [Test]
    public void An_all_zero_scratchpad_passes_the_CRC_but_is_reported_as_a_shorted_or_disconnected_sensor()
    {
        Record("00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n");

        Assert.That(Read().Fault, Does.Contain("all zeros"));
    }

    [Test]
    public void An_all_ones_scratchpad_is_a_disconnected_sensor()
    {
        Record("ff ff ff ff ff ff ff ff ff : crc=c9 NO\nff ff ff ff ff ff ff ff ff t=-62\n");

        Assert.That(Read().Fault, Does.Contain("disconnected"));
    }

    [Test]
    public void A_sensor_that_left_the_bus_is_a_fault()
    {
        var reading = new Ds18b20Thermometer("room-t1", Rom, _devices.Path).Read();

        Assert.Multiple(() =>
        {
            Assert.That(reading.Value, Is.Null);
            Assert.That(reading.Fault, Does.Contain("not on the 1-Wire bus"));
        });
    }

    [Test]
    public void The_newer_temperature_file_is_read_where_the_kernel_has_it()
    {
        Record("garbage that would fault\n");
        File.WriteAllText(Path.Combine(_devices.Path, Rom, "temperature"), "3875\n");

        Assert.That(Read().Value, Is.EqualTo(3.875));
    }

    [TestCase("85000\n", "85.000 °C")]
    [TestCase("-127000\n", "outside")]
    [TestCase("\n", "not millidegrees")]
    public void A_temperature_file_with_a_power_on_disconnect_or_empty_value_is_a_fault(string text, string fault)
    {
        Record("unused\n");
        File.WriteAllText(Path.Combine(_devices.Path, Rom, "temperature"), text);

        Assert.That(Read().Fault, Does.Contain(fault));
    }

    [Test]
    public void Discovery_lists_only_DS18B20_family_devices()
    {
        foreach (var name in new[] { "28-0316a2794aff", "28-01144f1a3caa", "10-000802b4ba0e", "w1_bus_master1" })
        {
            Directory.CreateDirectory(Path.Combine(_devices.Path, name));
        }

        Assert.That(Ds18b20Thermometer.Discover(_devices.Path), Is.EqualTo(new[] { "28-01144f1a3caa", "28-0316a2794aff" }));
    }

    private void Record(string w1Slave)
    {
        Directory.CreateDirectory(Path.Combine(_devices.Path, Rom));
        File.WriteAllText(Path.Combine(_devices.Path, Rom, "w1_slave"), w1Slave);
    }

    private Edge.Sampling.Measurement Read()
    {
        var reading = new Ds18b20Thermometer("room-t1", Rom, _devices.Path).Read();
        Assert.That(reading.Quantity, Is.EqualTo(Quantity.Temperature));
        return reading;
    }
}
