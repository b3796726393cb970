using System.Globalization;

namespace ColdChain.Production.Tests.Dashboards;

/// <summary>Substitutes template variables the way Grafana does for InfluxQL (multi-values become a regex group).</summary>
internal static class GrafanaVariables
{
    public static string Substitute(string query, DateTimeOffset from, DateTimeOffset to) => query
        .Replace("$timeFilter", $"time >= '{Iso(from)}' AND time <= '{Iso(to)}'", StringComparison.Ordinal)
        .Replace("$__interval", "5m", StringComparison.Ordinal)
        .Replace("$site", "(dc-north|fleet)", StringComparison.Ordinal)
        .Replace("$asset", "(cold-room-1|freezer-1|truck-01)", StringComparison.Ordinal)
        .Replace("$truck", "truck-01", StringComparison.Ordinal)
        .Replace("$gateway", "(gw-dc-north-1|gw-truck-01)", StringComparison.Ordinal);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
