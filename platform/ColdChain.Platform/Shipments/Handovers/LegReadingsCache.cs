using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// The readings of legs already read, up to a few minutes before the time they were read at, so that the next check of
/// the same leg (a re-check, a supersession, the handover after the transit watch's passes) reads only what came
/// since. Never trusted blindly: every use asks the store how many readings the cached part holds now, side by side
/// with reading the rest, and reads the whole leg again when the number differs (a backlog landed in it). Per
/// platform instance, in memory, at most <see cref="ShipmentsOptions.CachedLegs"/> legs (the least recently used go).
/// </summary>
public sealed class LegReadingsCache
{
    /// <summary>The meter of <c>coldchain.shipments.leg_reads{outcome}</c>: how each leg read went (<see cref="Outcome"/>).</summary>
    public const string MeterName = "ColdChain.Platform.Shipments";

    private readonly TimeProvider _time;
    private readonly IOptions<ShipmentsOptions> _options;
    private readonly Counter<long> _reads;

    public LegReadingsCache(TimeProvider time, IOptions<ShipmentsOptions> options, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _time = time;
        _options = options;
        _reads = meters.Create(MeterName).CreateCounter<long>("coldchain.shipments.leg_reads", "{leg}", "Legs read for a handover check or the transit watch, by outcome");
    }

    /// <summary>How a leg read went, the <c>outcome</c> tag of the counter.</summary>
    public static class Outcome
    {
        /// <summary>Kept readings confirmed by a count; only the rest read.</summary>
        public const string Kept = "kept";

        /// <summary>A handover further back than the kept readings reach: its part of them, confirmed by a count.</summary>
        public const string KeptEarlier = "kept_earlier";

        /// <summary>The count differed (a backlog landed in the kept part): the whole leg read again.</summary>
        public const string Backlog = "backlog";

        /// <summary>Nothing kept for the leg: the whole leg read.</summary>
        public const string Full = "full";
    }

    /// <summary>
    /// What was measured in the last minutes may still be on its way (a batch in flight, ingest writing): the cached
    /// part ends this long before the time it was read at, and the rest is always read fresh.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(string Asset, DateTimeOffset From), Entry> _legs = new();

    /// <summary>The temperature readings of <paramref name="asset"/> measured in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<LegReadings> ReadAsync(ITelemetryStore store, string asset, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var settled = Min(to, _time.GetUtcNow() - Settle);
        var key = (asset, from);
        if (_legs.TryGetValue(key, out var cached) && cached.Through > to)
        {
            // A handover further back than the kept part reaches (a check made late): all of it is kept.
            if (await store.CountAsync(new ReadingQuery(asset, from, cached.Through, Quantity.Temperature), cancellationToken) == cached.Readings.Count)
            {
                cached.LastUsed = _time.GetTimestamp();
                Record(Outcome.KeptEarlier);
                return cached.Readings.Before(to);
            }
        }
        else if (cached is not null)
        {
            var counting = store.CountAsync(new ReadingQuery(asset, from, cached.Through, Quantity.Temperature), cancellationToken);
            var reading = store.QueryAsync(new ReadingQuery(asset, cached.Through, to, Quantity.Temperature), cancellationToken);
            await Task.WhenAll(counting, reading);
            var rest = await reading;
            if (await counting == cached.Readings.Count)
            {
                if (settled > cached.Through)
                {
                    Keep(key, settled, cached.Readings.Append(rest, settled));
                }
                else
                {
                    cached.LastUsed = _time.GetTimestamp();
                }

                Record(Outcome.Kept);
                return cached.Readings.Append(rest);
            }
        }

        Record(cached is null ? Outcome.Full : Outcome.Backlog);
        var all = await store.QueryAsync(new ReadingQuery(asset, from, to, Quantity.Temperature), cancellationToken);
        if (settled > from)
        {
            Keep(key, settled, LegReadings.From(all, settled));
        }

        return LegReadings.From(all);
    }

    /// <summary>Forgets every leg: the next read of each goes to the store in full.</summary>
    public void Clear() => _legs.Clear();

    private void Keep((string Asset, DateTimeOffset From) key, DateTimeOffset through, LegReadings readings)
    {
        if (_options.Value.CachedLegs == 0)
        {
            return;
        }

        _legs[key] = new Entry(through, readings) { LastUsed = _time.GetTimestamp() };
        var excess = _legs.Count - _options.Value.CachedLegs;
        if (excess > 0)
        {
            foreach (var stale in _legs.OrderBy(l => l.Value.LastUsed).Take(excess).ToList())
            {
                _legs.TryRemove(stale);
            }
        }
    }

    private void Record(string outcome) => _reads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Entry(DateTimeOffset Through, LegReadings Readings)
    {
        public long LastUsed { get; set; }
    }
}
