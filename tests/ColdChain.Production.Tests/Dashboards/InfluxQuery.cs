using System.Text.Json.Nodes;

namespace ColdChain.Production.Tests.Dashboards;

/// <summary>Runs InfluxQL as Grafana does (POST /query) and reads back errors and series.</summary>
internal sealed class InfluxQuery(HttpClient http, string database)
{
    public async Task<(string? Error, int Series)> RunAsync(string query)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = database, ["q"] = query, ["epoch"] = "ms" });
        using var response = await http.PostAsync("query", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        if (!response.IsSuccessStatusCode)
        {
            return (body?["error"]?.GetValue<string>() ?? response.StatusCode.ToString(), 0);
        }

        var results = body!["results"]!.AsArray();
        var error = results.Select(r => r!["error"]?.GetValue<string>()).FirstOrDefault(e => e is not null);
        var series = results.Sum(r => r!["series"]?.AsArray().Count ?? 0);
        return (error, series);
    }

    /// <summary>The first value column of every row of every series (nulls kept).</summary>
    public async Task<(string? Error, List<double?> Values)> ValuesAsync(string query)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = database, ["q"] = query, ["epoch"] = "ms" });
        using var response = await http.PostAsync("query", content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var results = body!["results"]!.AsArray();
        var values = (
            from result in results
            from series in result!["series"]?.AsArray() ?? []
            from row in series!["values"]!.AsArray()
            select row![1] is { } value ? value.GetValue<double>() : (double?)null).ToList();
        return (results.Select(r => r!["error"]?.GetValue<string>()).FirstOrDefault(e => e is not null), values);
    }
}
