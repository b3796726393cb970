using System.Globalization;
using System.Text.Json;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>Counts what reached InfluxDB, straight through its query API (not through the code under test).</summary>
public sealed class InfluxProbe(Uri url, string database) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Points per gateway in <c>temperature</c> for a site: one per (series, timestamp), so duplicates cannot inflate it.</summary>
    public async Task<Dictionary<string, long>> ReadingsPerGatewayAsync(string site, CancellationToken cancellationToken)
    {
        var json = await QueryAsync($"SELECT COUNT(\"value\") FROM \"temperature\" WHERE \"site\" = '{site}' GROUP BY \"gateway\"", cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var series in Series(json))
        {
            var gateway = series.GetProperty("tags").GetProperty("gateway").GetString()!;
            counts[gateway] = series.GetProperty("values")[0][1].GetInt64();
        }

        return counts;
    }

    public async Task<long> ReadingsAsync(string site, CancellationToken cancellationToken) =>
        (await ReadingsPerGatewayAsync(site, cancellationToken)).Values.Sum();

    /// <summary>Dead letters per reason.</summary>
    public async Task<Dictionary<string, long>> DeadLettersAsync(CancellationToken cancellationToken)
    {
        var json = await QueryAsync("SELECT COUNT(\"payload_bytes\") FROM \"dead_letter\" GROUP BY \"reason\"", cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var series in Series(json))
        {
            counts[series.GetProperty("tags").GetProperty("reason").GetString()!] = series.GetProperty("values")[0][1].GetInt64();
        }

        return counts;
    }

    public async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        using var body = new FormUrlEncodedContent([new("q", $"CREATE DATABASE \"{database}\"")]);
        using var response = await _http.PostAsync(new Uri(url, "query"), body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls until the count stops short of nothing: all expected readings stored, or the time is up.</summary>
    public async Task<long> WaitForReadingsAsync(string site, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        long count = 0;
        try
        {
            while ((count = await ReadingsAsync(site, deadline.Token)) < expected)
            {
                await Task.Delay(500, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: the caller reports the shortfall.
        }
        catch (HttpRequestException) when (!cancellationToken.IsCancellationRequested)
        {
            // influxd not answering right now (an outage scenario); the caller reports the shortfall.
        }

        return count;
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> QueryAsync(string influxQl, CancellationToken cancellationToken)
    {
        var uri = new Uri(url, string.Create(CultureInfo.InvariantCulture, $"query?db={Uri.EscapeDataString(database)}&q={Uri.EscapeDataString(influxQl)}"));
        return await _http.GetStringAsync(uri, cancellationToken);
    }

    private static List<JsonElement> Series(string json)
    {
        using var document = JsonDocument.Parse(json);
        var series = new List<JsonElement>();
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("series", out var items))
            {
                series.AddRange(items.EnumerateArray().Select(s => s.Clone()));
            }
        }

        return series;
    }
}
