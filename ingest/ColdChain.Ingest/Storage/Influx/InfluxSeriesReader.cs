using System.Text;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage.Influx;

/// <summary>
/// Reads the answer to the reading query (<see cref="InfluxQl.SelectReadings"/>: <c>GROUP BY</c> the tags, so a row is
/// just time, value and status) straight from the bytes of each chunk, as JSON or as MessagePack: no DOM, no string
/// per row. A series cut across chunks (<c>"partial":true</c>) is continued by name and tags. <see cref="Merge"/>
/// then interleaves the series, each already in time order, into the port's order.
/// </summary>
internal sealed partial class InfluxSeriesReader(string asset)
{
    private static readonly (byte[] Utf8, Quantity Value)[] Quantities =
        [.. Enum.GetValues<Quantity>().Select(q => (Encoding.UTF8.GetBytes(q.WireName()), q))];

    private static readonly (byte[] Utf8, ReadingStatus Value)[] Statuses =
        [.. Enum.GetValues<ReadingStatus>().Select(s => (Encoding.UTF8.GetBytes(s.WireName()), s))];

    private readonly Dictionary<SeriesKey, ReadingChunks> _series = [];

    public int Count { get; private set; }

    /// <summary>All readings, oldest first; readings at the same instant by quantity, site, gateway and sensor (ordinal).</summary>
    public ReadingChunks Merge()
    {
        var series = _series.OrderBy(s => s.Key.Quantity.WireName(), StringComparer.Ordinal)
            .ThenBy(s => s.Key.Site, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Gateway, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Sensor, StringComparer.Ordinal)
            .Select(s => s.Value)
            .ToList();
        var merged = new ReadingChunks();
        var next = new int[series.Count];
        var queue = new PriorityQueue<int, (long Ticks, int Rank)>(series.Count);
        for (var rank = 0; rank < series.Count; rank++)
        {
            if (series[rank].Count > 0)
            {
                queue.Enqueue(rank, (series[rank][0].Time.UtcTicks, rank));
            }
        }

        while (queue.TryDequeue(out var rank, out _))
        {
            var rows = series[rank];
            merged.Add(rows[next[rank]++]);
            if (next[rank] < rows.Count)
            {
                queue.Enqueue(rank, (rows[next[rank]].Time.UtcTicks, rank));
            }
        }

        // Each series arrives in time order from InfluxDB; should one not, the port's order is still kept.
        merged.SortIfNeeded(ReadingOrder.Instance);
        return merged;
    }

    /// <summary>The rows of the series <paramref name="header"/> names, once it has named its measurement and the three columns.</summary>
    private ReadingChunks RowsOf(SeriesHeader header)
    {
        if (header.Quantity is not { } quantity || header.Time < 0 || header.Value < 0 || header.Status < 0)
        {
            throw new InfluxException("InfluxDB answered rows before naming the measurement and the columns time, value and status");
        }

        var key = new SeriesKey(quantity, header.Site, header.Gateway, header.Sensor);
        if (!_series.TryGetValue(key, out var rows))
        {
            _series[key] = rows = new ReadingChunks();
        }

        return rows;
    }

    private void AddRow(ReadingChunks rows, SeriesHeader header, long? time, double? value, ReadingStatus? status)
    {
        rows.Add(new StoredReading(
            header.Site, header.Gateway, asset, header.Sensor, header.Quantity!.Value,
            StoreTime.FromMilliseconds(time ?? throw new InfluxException($"InfluxDB answered a row of {header.Name} without a time")),
            value,
            status ?? throw new InfluxException($"InfluxDB answered a row of {header.Name} without a status")));
        Count++;
    }

    private static ReadingStatus KnownStatus(ReadOnlySpan<byte> utf8, SeriesHeader header) =>
        Known(Statuses, utf8) ?? throw new InfluxException($"InfluxDB holds an unknown status '{Encoding.UTF8.GetString(utf8)}' in {header.Name}");

    private static Quantity KnownQuantity(ReadOnlySpan<byte> utf8) =>
        Known(Quantities, utf8) ?? throw new InfluxException($"InfluxDB answered with an unexpected measurement '{Encoding.UTF8.GetString(utf8)}'");

    private static T? Known<T>((byte[] Utf8, T Value)[] known, ReadOnlySpan<byte> utf8)
        where T : struct
    {
        foreach (var (bytes, value) in known)
        {
            if (utf8.SequenceEqual(bytes))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>What a series says before its rows: the measurement, the tags and where each column is.</summary>
    private sealed class SeriesHeader
    {
        public string? Name { get; set; }

        public Quantity? Quantity { get; set; }

        public string Site { get; private set; } = string.Empty;

        public string Gateway { get; private set; } = string.Empty;

        public string Sensor { get; private set; } = string.Empty;

        public int Time { get; private set; } = -1;

        public int Value { get; private set; } = -1;

        public int Status { get; private set; } = -1;

        private int Columns { get; set; }

        public void Tag(string tag, string text)
        {
            switch (tag)
            {
                case "site": Site = text; break;
                case "gateway": Gateway = text; break;
                case "sensor": Sensor = text; break;
            }
        }

        public void Column(string? column)
        {
            switch (column)
            {
                case "time": Time = Columns; break;
                case "value": Value = Columns; break;
                case "status": Status = Columns; break;
            }

            Columns++;
        }
    }

    private readonly record struct SeriesKey(Quantity Quantity, string Site, string Gateway, string Sensor);
}
