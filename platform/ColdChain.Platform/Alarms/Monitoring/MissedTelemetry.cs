using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Alarms.Monitoring;

/// <summary>
/// What ingest stored while the alarm monitor was not subscribed, read back from the telemetry store. After a broker
/// restart ingest subscribes first and the monitor follows (<see cref="ColdChain.Protocol.Topics.IngestGate"/>); the
/// batches the gateways held back reach ingest alone in between. Read per asset from the earliest of its sensors'
/// latest judged readings on, in measurement order, as batches the rules take like live ones (the rules skip what
/// they have already judged).
/// </summary>
public sealed class MissedTelemetry(ITelemetryStore store, TimeProvider time, IOptions<AlarmOptions> options)
{
    /// <summary>Assets read side by side: the embedded SQLite store reads synchronously, InfluxDB is a round trip each.</summary>
    private const int Parallelism = 4;

    /// <summary>Readings stamped a little ahead of this clock (a gateway's clock runs fast) are read back too.</summary>
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The readings of each asset measured at or after its time in <paramref name="since"/>, one batch per asset and
    /// gateway, each in measurement order. Waits <see cref="AlarmOptions.CatchUpSettle"/> first.
    /// </summary>
    public async Task<List<TelemetryBatch>> ReadAsync(IReadOnlyDictionary<string, DateTimeOffset> since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(since);
        if (since.Count == 0)
        {
            return [];
        }

        await Task.Delay(options.Value.CatchUpSettle, time, cancellationToken);
        var to = time.GetUtcNow() + ClockTolerance;
        var batches = new List<TelemetryBatch>[since.Count];
        await Parallel.ForEachAsync(
            since.Select((entry, index) => (entry.Key, entry.Value, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                var (asset, from, index) = entry;
                batches[index] = from < to ? Batches(await store.QueryAsync(new ReadingQuery(asset, from, to), token)) : [];
            });
        return [.. batches.SelectMany(b => b)];
    }

    private List<TelemetryBatch> Batches(IReadOnlyList<StoredReading> readings)
    {
        var sentAt = time.GetUtcNow();
        return [.. readings.GroupBy(r => (r.Site, r.Gateway)).Select(g => new TelemetryBatch
        {
            Site = g.Key.Site,
            Gateway = g.Key.Gateway,
            Seq = 0, // not a gateway's batch: the rules do not read it
            SentAt = sentAt,
            Readings = [.. g.Select(r => new Reading
            {
                Sensor = r.Sensor,
                Asset = r.Asset,
                Time = r.Time,
                Quantity = r.Quantity,
                Unit = r.Quantity.CanonicalUnit(),
                Value = r.Value,
                Status = r.Status,
            })],
        })];
    }
}
