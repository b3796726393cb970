using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// The production telemetry store over InfluxDB's v1 HTTP API: line protocol to <c>POST /write</c>, InfluxQL to
/// <c>GET /query</c>. A typed HttpClient; the store builds absolute URLs and auth itself, so any HttpClient works.
/// </summary>
public sealed class InfluxTelemetryStore : ITelemetryStore, IStoreSchema
{
    private static readonly MediaTypeHeaderValue LineProtocolType = new("text/plain") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly InfluxStoreOptions _options;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public InfluxTelemetryStore(HttpClient http, IOptions<InfluxStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _authorization = Authorization(_options);
    }

    public string Database => _options.Database;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady || !_options.CreateDatabase)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            // CREATE DATABASE is idempotent in InfluxDB 1.x: it succeeds when the database exists.
            using var body = new FormUrlEncodedContent([new("q", InfluxQl.CreateDatabase(_options.Database))]);
            using var response = await SendAsync(HttpMethod.Post, "query", body, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode || InfluxQueryResult.ErrorOf(text) is not null)
            {
                throw new InfluxException($"creating database '{_options.Database}' failed: {(int)response.StatusCode} {Trim(text)}", response.StatusCode);
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public async Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        await EnsureCreatedAsync(cancellationToken);
        var path = $"write?db={Uri.EscapeDataString(_options.Database)}&precision=ms";
        foreach (var chunk in readings.Chunk(_options.MaxLinesPerWrite))
        {
            var lines = new StringBuilder(chunk.Length * 128);
            foreach (var reading in chunk)
            {
                LineProtocol.AppendLine(lines, reading);
            }

            using var body = new StringContent(lines.ToString(), Encoding.UTF8);
            body.Headers.ContentType = LineProtocolType;
            using var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new InfluxException($"InfluxDB refused a write of {chunk.Length} points: {(int)response.StatusCode} {Trim(text)}", response.StatusCode);
            }
        }
    }

    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureCreatedAsync(cancellationToken);

        // Chunked answers (one JSON document per line) are not cut off by a server's max-row-limit.
        var path = "query?db=" + Uri.EscapeDataString(_options.Database)
            + "&epoch=ms&chunked=true&chunk_size=10000&q=" + Uri.EscapeDataString(InfluxQl.SelectReadings(query));
        using var response = await SendAsync(HttpMethod.Get, path, content: null, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InfluxException($"InfluxDB query failed: {(int)response.StatusCode} {Trim(text)}", response.StatusCode);
        }

        var readings = new List<StoredReading>();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                InfluxQueryResult.ReadChunk(line, readings);
            }
        }

        readings.Sort(ReadingOrder.Instance);
        return readings;
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, "ping", content: null, cancellationToken);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                return false;
            }

            await EnsureCreatedAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or InfluxException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri(_options.Url), pathAndQuery)) { Content = content };
        request.Headers.Authorization = _authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"InfluxDB at {_options.Url} did not answer {method} /{pathAndQuery.Split('?')[0]} within {_options.Timeout}", e);
        }
    }

    /// <summary>"http://host:8086/prefix" and "http://host:8086/prefix/" both mean the API lives under /prefix/.</summary>
    private static Uri BaseUri(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private static AuthenticationHeaderValue? Authorization(InfluxStoreOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return new AuthenticationHeaderValue("Token", options.Token);
        }

        if (!string.IsNullOrEmpty(options.Username))
        {
            var pair = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        return null;
    }

    private static string Trim(string text) => text.Length <= 500 ? text.Trim() : text[..500] + "…";
}
