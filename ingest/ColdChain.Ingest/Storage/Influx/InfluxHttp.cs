using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// The v1 HTTP API calls every InfluxDB adapter makes (telemetry, dead letters, batch receipts): one place for the URL,
/// auth, timeout, gzip and <c>CREATE DATABASE</c>, so the three adapters cannot drift apart.
/// </summary>
internal sealed class InfluxHttp
{
    private static readonly MediaTypeHeaderValue LineProtocolType = new("text/plain") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly InfluxStoreOptions _options;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public InfluxHttp(HttpClient http, InfluxStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _authorization = Authorization(options);
    }

    public InfluxStoreOptions Options => _options;

    public async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
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

            // CREATE DATABASE is idempotent in InfluxDB 1.x: it succeeds when the database exists. With a duration it
            // fails on an existing database whose policy differs; that database keeps its policy (see RetentionDays).
            var (ok, text, status) = await StatementAsync(InfluxQl.CreateDatabase(_options.Database, _options.RetentionDays), cancellationToken);
            if (!ok && text.Contains("retention policy conflicts", StringComparison.Ordinal))
            {
                (ok, text, status) = await StatementAsync(InfluxQl.CreateDatabase(_options.Database), cancellationToken);
            }

            if (!ok)
            {
                throw new InfluxException($"creating database '{_options.Database}' failed: {(int)status} {Trim(text)}", status);
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task<(bool Ok, string Text, HttpStatusCode Status)> StatementAsync(string statement, CancellationToken cancellationToken)
    {
        using var body = new FormUrlEncodedContent([new("q", statement)]);
        using var response = await SendAsync(HttpMethod.Post, "query", body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.IsSuccessStatusCode && InfluxQueryResult.ErrorOf(text) is null, text, response.StatusCode);
    }

    /// <summary>
    /// One <c>POST /write</c> of ready line protocol, gzip-compressed unless the database is on this machine
    /// (<see cref="InfluxStoreOptions.Gzip"/>).
    /// </summary>
    public async Task WriteAsync(string lines, string precision, int points, CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(cancellationToken);
        var path = $"write?db={Uri.EscapeDataString(_options.Database)}&precision={precision}";
        using var body = _options.CompressesWrites ? Gzipped(lines) : new StringContent(lines, Encoding.UTF8);
        body.Headers.ContentType = LineProtocolType;
        using var response = await SendAsync(HttpMethod.Post, path, body, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InfluxException($"InfluxDB refused a write of {points} points: {(int)response.StatusCode} {Trim(text)}", response.StatusCode);
        }
    }

    /// <summary>An InfluxQL query answered as one JSON document (no chunking: for small answers such as a page).</summary>
    public async Task<string> QueryAsync(string influxQl, CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(cancellationToken);
        var path = "query?db=" + Uri.EscapeDataString(_options.Database) + "&epoch=ms&q=" + Uri.EscapeDataString(influxQl);
        using var response = await SendAsync(HttpMethod.Get, path, content: null, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || InfluxQueryResult.ErrorOf(text) is { } error)
        {
            throw new InfluxException($"InfluxDB query failed: {(int)response.StatusCode} {Trim(text)}", response.StatusCode);
        }

        return text;
    }

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri(_options.Url), pathAndQuery)) { Content = content };
        request.Headers.Authorization = _authorization;
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
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

    public static string Trim(string text) => text.Length <= 500 ? text.Trim() : text[..500] + "…";

    private static ByteArrayContent Gzipped(string lines)
    {
        var raw = Encoding.UTF8.GetBytes(lines);
        using var buffer = new MemoryStream(raw.Length / 6);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        var content = new ByteArrayContent(buffer.GetBuffer(), 0, (int)buffer.Length);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
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
}
