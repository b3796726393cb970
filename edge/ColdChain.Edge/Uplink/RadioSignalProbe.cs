using System.Globalization;
using ColdChain.Protocol.Status;

namespace ColdChain.Edge.Uplink;

/// <summary>
/// Reads the signal of the link the uplink runs over on a Pi: the interface of the default route
/// (<c>/proc/net/route</c>, lowest metric); a Wi-Fi interface listed in <c>/proc/net/wireless</c> gives its link quality
/// and level, a cellular one (<c>wwan*</c>, <c>ppp*</c>) its kind only (reading the modem through ModemManager is not
/// done). A wired default route, or no readable file, reports no signal: never throws, a missing file must not cost a status.
/// </summary>
internal sealed class RadioSignalProbe(string routeFile = RadioSignalProbe.RouteTable, string wirelessFile = RadioSignalProbe.WirelessTable, double linkQualityScale = RadioSignalProbe.BrcmfmacLinkQualityScale)
{
    public const string RouteTable = "/proc/net/route";

    public const string WirelessTable = "/proc/net/wireless";

    /// <summary>The Pi's brcmfmac driver (and most mac80211 ones) report link quality out of 70, as <c>iwconfig</c> shows it.</summary>
    public const double BrcmfmacLinkQualityScale = 70;

    public GatewaySignal? Read()
    {
        try
        {
            if (DefaultRouteInterface() is not { } uplink)
            {
                return null;
            }

            if (uplink.StartsWith("wwan", StringComparison.Ordinal) || uplink.StartsWith("ppp", StringComparison.Ordinal))
            {
                return new GatewaySignal { Link = GatewaySignal.Cellular };
            }

            return Wireless(uplink);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string? DefaultRouteInterface()
    {
        if (!File.Exists(routeFile))
        {
            return null;
        }

        // Iface Destination Gateway Flags RefCnt Use Metric Mask ...: the default route has destination and mask 0.
        return File.ReadLines(routeFile).Skip(1)
            .Select(line => line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 8 && f[1] == "00000000" && f[7] == "00000000")
            .OrderBy(f => int.TryParse(f[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var metric) ? metric : int.MaxValue)
            .Select(f => f[0])
            .FirstOrDefault();
    }

    private GatewaySignal? Wireless(string uplink)
    {
        if (!File.Exists(wirelessFile))
        {
            return null;
        }

        // " wlan0: 0000   54.  -56.  -256  ...": interface, status, link quality, level, noise (values may end in '.').
        foreach (var line in File.ReadLines(wirelessFile).Skip(2))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || line[..colon].Trim() != uplink)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var quality = fields.Length > 1 ? Number(fields[1]) : null;
            var level = fields.Length > 2 ? Number(fields[2]) : null;
            return new GatewaySignal
            {
                Link = GatewaySignal.Wifi,

                // Old drivers write the level as an unsigned byte (dBm + 256).
                Dbm = level is { } l and > 0 and <= 255 ? l - 256 : level is { } d and >= GatewaySignal.MinDbm and <= GatewaySignal.MaxDbm ? d : null,
                QualityPercent = quality is { } q ? Math.Round(Math.Clamp(q / linkQualityScale * 100, 0, 100), 1) : null,
            };
        }

        return null;
    }

    private static double? Number(string field) =>
        double.TryParse(field.TrimEnd('.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
