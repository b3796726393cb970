using System.Globalization;
using System.Text;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Sequencing.Influx;

/// <summary>
/// Batch receipts as points of the <c>batch_receipt</c> measurement: tags <c>site</c>, <c>gateway</c>; fields
/// <c>seq</c> and <c>last_ms</c>; time = the batch's first reading. The seq is a field, not a tag, to keep series
/// cardinality at one per gateway; so that two batches starting in the same millisecond do not overwrite each other,
/// the point's time carries <c>seq mod 10⁶</c> as nanoseconds (a redelivered batch still lands on its own point).
/// </summary>
public sealed class InfluxSequenceLedger : ISequenceLedger
{
    private const string Measurement = "batch_receipt";

    private readonly InfluxHttp _influx;

    public InfluxSequenceLedger(HttpClient http, IOptions<InfluxStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _influx = new InfluxHttp(http, options.Value);
    }

    public async Task RecordAsync(IReadOnlyCollection<BatchReceipt> receipts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
        {
            return;
        }

        var lines = new StringBuilder(receipts.Count * 96);
        foreach (var receipt in receipts)
        {
            LineProtocol.AppendMeasurement(lines, Measurement);
            LineProtocol.AppendTag(lines, "site", receipt.Site);
            LineProtocol.AppendTag(lines, "gateway", receipt.Gateway);
            var nanoseconds = (StoreTime.ToMilliseconds(receipt.FirstReading) * 1_000_000) + (receipt.Seq % 1_000_000);
            lines.Append(CultureInfo.InvariantCulture, $" seq={receipt.Seq}i,last_ms={StoreTime.ToMilliseconds(receipt.LastReading)}i {nanoseconds}\n");
        }

        await _influx.WriteAsync(lines.ToString(), "ns", receipts.Count, cancellationToken);
    }

    public async Task<IReadOnlyList<CoverageGap>> GapsAsync(GapQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = string.Create(
            CultureInfo.InvariantCulture,
            $"time >= {StoreTime.BoundToMilliseconds(query.From)}ms AND time < {StoreTime.BoundToMilliseconds(query.To)}ms");
        if (query.Gateway is { } gateway)
        {
            where += $" AND \"gateway\" = {InfluxQl.StringLiteral(gateway)}";
        }

        // The window's receipts plus, per gateway, the last one before it and the first one after it: a gap that
        // reaches into the window from either side is found too.
        var gatewayOnly = query.Gateway is { } one ? $" AND \"gateway\" = {InfluxQl.StringLiteral(one)}" : string.Empty;
        var from = StoreTime.BoundToMilliseconds(query.From).ToString(CultureInfo.InvariantCulture);
        var to = StoreTime.BoundToMilliseconds(query.To).ToString(CultureInfo.InvariantCulture);
        var text =
            $"SELECT \"seq\",\"last_ms\" FROM \"{Measurement}\" WHERE {where} GROUP BY \"site\",\"gateway\";" +
            $"SELECT \"seq\",\"last_ms\" FROM \"{Measurement}\" WHERE time < {from}ms{gatewayOnly} GROUP BY \"site\",\"gateway\" ORDER BY time DESC LIMIT 1;" +
            $"SELECT \"seq\",\"last_ms\" FROM \"{Measurement}\" WHERE time >= {to}ms{gatewayOnly} GROUP BY \"site\",\"gateway\" LIMIT 1";
        var receipts = InfluxRows.Read(await _influx.QueryAsync(text, cancellationToken))
            .Select(row => new BatchReceipt(
                row.String("site") ?? string.Empty,
                row.String("gateway") ?? string.Empty,
                row.Int64("seq"),

                // epoch=ms drops the sub-millisecond seq offset again.
                StoreTime.FromMilliseconds(row.Int64("time")),
                StoreTime.FromMilliseconds(row.Int64("last_ms"))))
            .Distinct();
        return GapFinder.Overlapping(GapFinder.Find(receipts), query);
    }
}
