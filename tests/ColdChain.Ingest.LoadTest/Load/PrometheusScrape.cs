using System.Globalization;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>Reads a Prometheus text exposition (<c>GET /metrics</c>): the sum of a metric's samples, over all label sets.</summary>
public static class PrometheusScrape
{
    public static async Task<string> ReadAsync(HttpClient http, Uri metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await http.GetStringAsync(metrics, cancellationToken);
    }

    /// <summary>The sum of every sample named exactly <paramref name="name"/> (any labels); null when there is none.</summary>
    public static double? Sum(string exposition, string name)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        double? sum = null;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            // name{labels} value [timestamp]: the value follows the closing brace (label values may hold spaces).
            var afterLabels = line[name.Length] == '{' ? line.IndexOf("} ", name.Length, StringComparison.Ordinal) + 2 : name.Length + 1;
            var value = line[afterLabels..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            sum = (sum ?? 0) + double.Parse(value, CultureInfo.InvariantCulture);
        }

        return sum;
    }
}
