using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// The production telemetry store over InfluxDB's v1 HTTP API: line protocol to <c>POST /write</c>, InfluxQL to
/// <c>GET /query</c>. A typed HttpClient; the store builds absolute URLs and auth itself, so any HttpClient works.
/// </summary>
public sealed class InfluxTelemetryStore : ITelemetryStore, IStoreSchema
{
    private const string MsgPack = "application/x-msgpack";

    private readonly InfluxHttp _influx;

    public InfluxTelemetryStore(HttpClient http, IOptions<InfluxStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _influx = new InfluxHttp(http, options.Value);
    }

    public string Database => _influx.Options.Database;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _influx.EnsureDatabaseAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        foreach (var chunk in readings.Chunk(_influx.Options.MaxLinesPerWrite))
        {
            var lines = new StringBuilder(chunk.Length * 128);
            foreach (var reading in chunk)
            {
                LineProtocol.AppendLine(lines, reading);
            }

            await _influx.WriteAsync(lines.ToString(), "ms", chunk.Length, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureCreatedAsync(cancellationToken);

        // Chunked answers (one document per chunk) are not cut off by a server's max-row-limit. MessagePack is about
        // half the bytes of JSON and quicker for InfluxDB to write; a server that does not speak it answers JSON.
        var path = "query?db=" + Uri.EscapeDataString(Database)
            + "&epoch=ms&chunked=true&chunk_size=10000&q=" + Uri.EscapeDataString(InfluxQl.SelectReadings(query));
        using var response = await _influx.SendAsync(HttpMethod.Get, path, content: null, cancellationToken, HttpCompletionOption.ResponseHeadersRead, _influx.Options.MessagePack ? MsgPack : null);
        var msgPack = response.Content.Headers.ContentType?.MediaType == MsgPack;
        if (!response.IsSuccessStatusCode)
        {
            var text = msgPack && response.Headers.TryGetValues("X-Influxdb-Error", out var error)
                ? string.Join(' ', error)
                : await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InfluxException($"InfluxDB query failed: {(int)response.StatusCode} {InfluxHttp.Trim(text)}", response.StatusCode);
        }

        var series = new InfluxSeriesReader(query.Asset);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await (msgPack
            ? ChunkedAnswer.ReadMsgPackAsync(stream, series.ReadMsgPack, cancellationToken)
            : ChunkedAnswer.ReadJsonLinesAsync(stream, series.ReadJson, cancellationToken));
        return series.Merge();
    }

    public async Task<long> CountAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureCreatedAsync(cancellationToken);

        // One row per measurement that has readings in the window, none when no measurement has.
        var rows = InfluxRows.Read(await _influx.QueryAsync(InfluxQl.CountReadings(query), cancellationToken));
        return rows.Sum(r => r.Int64("count"));
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _influx.SendAsync(HttpMethod.Get, "ping", content: null, cancellationToken);
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
}
