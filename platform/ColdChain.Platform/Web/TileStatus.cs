using ColdChain.Platform.Profiles;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Web;

/// <summary>What a tile says about an asset at a glance. The browser script (wwwroot/js/tiles.js) applies the same rules to live readings.</summary>
public enum TileStatus
{
    Ok,
    Warning,
    Alarm,
    Offline,
    SensorFault,
}

public static class TileStatusRules
{
    /// <summary>Offline beats everything (the value is stale), then a sensor fault, an open alarm, a value beyond a limit, one inside the warning band.</summary>
    public static TileStatus Of(DateTimeOffset? lastReading, ReadingStatus? status, double? value, TemperatureProfile? profile, bool openAlarm, DateTimeOffset now, TimeSpan offlineAfter)
    {
        if (lastReading is null || now - lastReading > offlineAfter)
        {
            return TileStatus.Offline;
        }

        if (status == ReadingStatus.SensorFault || value is null)
        {
            return TileStatus.SensorFault;
        }

        if (openAlarm || status == ReadingStatus.OutOfRange || (profile?.Min is { } min && value < min) || (profile?.Max is { } max && value > max))
        {
            return TileStatus.Alarm;
        }

        var band = profile?.WarningBand ?? 0;
        return (profile?.Min is { } low && value < low + band) || (profile?.Max is { } high && value > high - band)
            ? TileStatus.Warning
            : TileStatus.Ok;
    }

    public static string CssName(this TileStatus status) => status switch
    {
        TileStatus.Ok => "ok",
        TileStatus.Warning => "warning",
        TileStatus.Alarm => "alarm",
        TileStatus.Offline => "offline",
        TileStatus.SensorFault => "sensor_fault",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown tile status"),
    };
}
