using System.Globalization;

namespace ColdChain.Edge.Uplink;

/// <summary>
/// Reads the host facts the status reports: CPU temperature (the Pi's SoC thermal zone), free disk under the outbox,
/// and whether the clock is synchronised. Each probe returns null (or false) when the host does not say, never throws:
/// a missing file must not cost a status message.
/// </summary>
internal sealed class HealthProbe(string? dataDirectory, string thermalZoneFile = HealthProbe.PiThermalZone, string clockSyncedFile = HealthProbe.TimesyncdMarker)
{
    public const string PiThermalZone = "/sys/class/thermal/thermal_zone0/temp";

    /// <summary>systemd-timesyncd creates this file once it has synchronised the clock (systemd ≥ 239); it is gone after a reboot until it syncs again.</summary>
    public const string TimesyncdMarker = "/run/systemd/timesync/synchronized";

    public double? CpuTemperatureCelsius()
    {
        try
        {
            return File.Exists(thermalZoneFile)
                && int.TryParse(File.ReadAllText(thermalZoneFile).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milli)
                ? milli / 1000.0
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public long? DiskFreeBytes()
    {
        try
        {
            var folder = dataDirectory is { } d && Directory.Exists(d) ? d : AppContext.BaseDirectory;
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool ClockSynced() => File.Exists(clockSyncedFile);
}
