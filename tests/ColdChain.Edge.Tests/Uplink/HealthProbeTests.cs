using ColdChain.Edge.Uplink;

namespace ColdChain.Edge.Tests.Uplink;

public sealed class HealthProbeTests
{
    [Test]
    public void The_probe_reads_the_SoC_temperature_the_timesyncd_marker_and_the_free_disk_under_the_data_directory()
    {
        using var host = new TempFolder("coldchain-health");
        File.WriteAllText(host.Combine("temp"), "48312\n");
        File.WriteAllText(host.Combine("synchronized"), string.Empty);

        var probe = new HealthProbe(host.Path, host.Combine("temp"), host.Combine("synchronized"));
        var unsynced = new HealthProbe(host.Path, host.Combine("no-such-zone"), host.Combine("no-such-marker"));

        Assert.Multiple(() =>
        {
            Assert.That(probe.CpuTemperatureCelsius(), Is.EqualTo(48.312));
            Assert.That(probe.ClockSynced(), Is.True);
            Assert.That(probe.DiskFreeBytes(), Is.GreaterThan(0));
            Assert.That((unsynced.CpuTemperatureCelsius(), unsynced.ClockSynced()), Is.EqualTo(((double?)null, false)), "unknown, not zero; not synced until timesyncd says so");
        });
    }
}
