using System.Globalization;
using System.Text;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.DeadLetters.Influx;

/// <summary>
/// Dead letters as points of the <c>dead_letter</c> measurement in the telemetry database: tags <c>site</c>,
/// <c>gateway</c> (when the topic named them) and <c>reason</c>; fields <c>topic</c>, <c>detail</c>, <c>payload</c>
/// (base64) and <c>payload_bytes</c>; time = when received.
/// </summary>
public sealed class InfluxDeadLetterStore : IDeadLetterStore
{
    private const string Measurement = "dead_letter";

    private readonly InfluxHttp _influx;

    // Points with the same tags and time overwrite each other: two refusals in one millisecond are told apart by a
    // sub-millisecond offset (a per-process counter from a random start, so two instances rarely pick the same one).
    private long _counter = Random.Shared.Next(0, 1_000_000);

    public InfluxDeadLetterStore(HttpClient http, IOptions<InfluxStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _influx = new InfluxHttp(http, options.Value);
    }

    public async Task WriteAsync(IReadOnlyCollection<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetters);
        if (deadLetters.Count == 0)
        {
            return;
        }

        var lines = new StringBuilder();
        foreach (var letter in deadLetters)
        {
            LineProtocol.AppendMeasurement(lines, Measurement);
            LineProtocol.AppendTag(lines, "reason", letter.Reason);
            if (letter.Site is { Length: > 0 } site)
            {
                LineProtocol.AppendTag(lines, "site", site);
            }

            if (letter.Gateway is { Length: > 0 } gateway)
            {
                LineProtocol.AppendTag(lines, "gateway", gateway);
            }

            lines.Append(" topic=");
            LineProtocol.AppendStringField(lines, OneLine(letter.Topic));
            lines.Append(",detail=");
            LineProtocol.AppendStringField(lines, OneLine(letter.Detail));
            lines.Append(",payload=");
            LineProtocol.AppendStringField(lines, Convert.ToBase64String(letter.Payload.Span));
            lines.Append(",payload_bytes=").Append(letter.PayloadBytes.ToString(CultureInfo.InvariantCulture)).Append('i');
            var nanoseconds = (StoreTime.ToMilliseconds(letter.ReceivedAt) * 1_000_000) + (Interlocked.Increment(ref _counter) % 1_000_000);
            lines.Append(' ').Append(nanoseconds.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        await _influx.WriteAsync(lines.ToString(), "ns", deadLetters.Count, cancellationToken);
    }

    public async Task<DeadLetterPage> QueryAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = string.Create(
            CultureInfo.InvariantCulture,
            $"time >= {StoreTime.BoundToMilliseconds(query.From)}ms AND time < {StoreTime.BoundToMilliseconds(query.To)}ms");
        if (query.Gateway is { } gateway)
        {
            where += $" AND \"gateway\" = {InfluxQl.StringLiteral(gateway)}";
        }

        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"SELECT \"topic\",\"detail\",\"payload\",\"payload_bytes\",\"site\",\"gateway\",\"reason\" FROM \"{Measurement}\" WHERE {where} ORDER BY time DESC LIMIT {query.Limit + 1} OFFSET {query.Offset}");
        var rows = InfluxRows.Read(await _influx.QueryAsync(text, cancellationToken))
            .Select(row => new DeadLetter(
                StoreTime.FromMilliseconds(row.Int64("time")),
                row.String("topic") ?? string.Empty,
                row.String("site"),
                row.String("gateway"),
                row.String("reason") ?? string.Empty,
                row.String("detail") ?? string.Empty,
                Convert.FromBase64String(row.String("payload") ?? string.Empty),
                (int)row.Int64("payload_bytes")))
            .ToList();
        return DeadLetterPage.From(rows, query);
    }

    /// <summary>Line protocol ends a point at a line break; a refused topic or reason may hold one.</summary>
    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
