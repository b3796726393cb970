using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage;

/// <summary>
/// The one order both adapters return readings in: oldest first, ties broken by the rest of the key, so a query answers
/// the same list whichever store is behind the port (InfluxDB returns one series per measurement, SQLite one table).
/// </summary>
internal sealed class ReadingOrder : IComparer<StoredReading>
{
    public static ReadingOrder Instance { get; } = new();

    public int Compare(StoredReading? x, StoredReading? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byTime = x.Time.UtcTicks.CompareTo(y.Time.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byQuantity = string.CompareOrdinal(x.Quantity.WireName(), y.Quantity.WireName());
        if (byQuantity != 0)
        {
            return byQuantity;
        }

        var bySite = string.CompareOrdinal(x.Site, y.Site);
        if (bySite != 0)
        {
            return bySite;
        }

        var byGateway = string.CompareOrdinal(x.Gateway, y.Gateway);
        return byGateway != 0 ? byGateway : string.CompareOrdinal(x.Sensor, y.Sensor);
    }
}
