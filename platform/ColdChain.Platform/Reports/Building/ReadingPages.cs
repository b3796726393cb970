using System.Runtime.CompilerServices;
using ColdChain.Ingest.Storage;

namespace ColdChain.Platform.Reports.Building;

/// <summary>
/// An asset's readings over a long period, one day's query at a time: a year of one-minute readings streams through
/// with one day in memory, whichever store is behind the port.
/// </summary>
public static class ReadingPages
{
    public static readonly TimeSpan PageLength = TimeSpan.FromDays(1);

    public static async IAsyncEnumerable<StoredReading> ReadAsync(ITelemetryStore store, string asset, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var start = from; start < to; start += PageLength)
        {
            var end = start + PageLength < to ? start + PageLength : to;
            foreach (var reading in await store.QueryAsync(new ReadingQuery(asset, start, end), cancellationToken))
            {
                yield return reading;
            }
        }
    }
}
