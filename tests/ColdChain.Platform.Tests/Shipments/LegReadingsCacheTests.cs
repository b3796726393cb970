using System.Diagnostics.Metrics;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Protocol.Telemetry;
using ColdChain.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Platform.Tests.Shipments;

/// <summary>The leg-readings cache over a real SQLite store: what a check reads through it is what the store holds.</summary>
public sealed class LegReadingsCacheTests
{
    private const string Asset = "truck-1";
    private static readonly DateTimeOffset From = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private TempFolder _folder = null!;
    private SqliteTelemetryStore _store = null!;
    private RecordingStore _recording = null!;
    private FakeTimeProvider _time = null!;
    private ServiceProvider _meters = null!;
    private MeterListener _listener = null!;
    private List<string> _outcomes = null!;

    [SetUp]
    public void CreateStore()
    {
        _folder = new TempFolder("coldchain-leg-cache");
        _store = new SqliteTelemetryStore(Options.Create(new SqliteStoreOptions { Path = _folder.Combine("telemetry.db") }));
        _recording = new RecordingStore(_store);
        _time = new FakeTimeProvider(From);
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _meters.GetRequiredService<IMeterFactory>();
        _outcomes = [];
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "coldchain.shipments.leg_reads")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) => _outcomes.Add((string)tags[0].Value!));
        _listener.Start();
    }

    [TearDown]
    public void RemoveStore()
    {
        _listener.Dispose();
        _meters.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Test]
    public async Task A_leg_read_again_is_confirmed_by_a_count_and_only_its_rest_read_giving_what_a_full_read_gives()
    {
        var cache = NewCache();
        await WriteAsync(0, 120);
        _time.SetUtcNow(From.AddHours(2));
        await cache.ReadAsync(_recording, Asset, From, From.AddHours(2), CancellationToken.None);
        await WriteAsync(120, 180);
        _time.SetUtcNow(From.AddHours(3));
        _recording.Queries.Clear();

        var again = await cache.ReadAsync(_recording, Asset, From, From.AddHours(3), CancellationToken.None);

        var full = LegReadings.From(await _store.QueryAsync(new ReadingQuery(Asset, From, From.AddHours(3), Quantity.Temperature), CancellationToken.None));
        var cachedThrough = From.AddHours(2) - LegReadingsCache.Settle;
        Assert.Multiple(() =>
        {
            AssertSame(again, full);
            Assert.That(_recording.Queries, Is.EqualTo(new[] { ("count", From, cachedThrough), ("query", cachedThrough, From.AddHours(3)) }), "the cached part counted, only the rest read");
            Assert.That(_outcomes, Is.EqualTo(new[] { LegReadingsCache.Outcome.Full, LegReadingsCache.Outcome.Kept }), "counted by outcome");
        });
    }

    [Test]
    public async Task A_backlog_landing_in_the_part_read_before_makes_the_next_read_take_the_whole_leg_from_the_store()
    {
        var cache = NewCache();
        await WriteAsync(0, 30);
        await WriteAsync(60, 120); // the gateway's minutes 30 to 59 still on their way
        _time.SetUtcNow(From.AddHours(2));
        var before = await cache.ReadAsync(_recording, Asset, From, From.AddHours(2), CancellationToken.None);
        await WriteAsync(30, 60);
        _recording.Queries.Clear();

        var after = await cache.ReadAsync(_recording, Asset, From, From.AddHours(2), CancellationToken.None);

        var full = LegReadings.From(await _store.QueryAsync(new ReadingQuery(Asset, From, From.AddHours(2), Quantity.Temperature), CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(before.Count, Is.EqualTo(2 * 90));
            Assert.That(after.Count, Is.EqualTo(2 * 120), "the backlog is in");
            AssertSame(after, full);
            Assert.That(_recording.Queries.Last(), Is.EqualTo(("query", From, From.AddHours(2))), "the whole leg read again");
            Assert.That(_outcomes, Is.EqualTo(new[] { LegReadingsCache.Outcome.Full, LegReadingsCache.Outcome.Backlog }));
        });
    }

    [Test]
    public async Task A_handover_further_back_than_the_kept_part_reaches_is_read_from_it_after_a_count()
    {
        var cache = NewCache();
        await WriteAsync(0, 180);
        _time.SetUtcNow(From.AddHours(3));
        await cache.ReadAsync(_recording, Asset, From, From.AddHours(3), CancellationToken.None);
        _recording.Queries.Clear();

        var earlier = await cache.ReadAsync(_recording, Asset, From, From.AddHours(1), CancellationToken.None);

        var full = LegReadings.From(await _store.QueryAsync(new ReadingQuery(Asset, From, From.AddHours(1), Quantity.Temperature), CancellationToken.None));
        Assert.Multiple(() =>
        {
            AssertSame(earlier, full);
            Assert.That(_recording.Queries, Is.EqualTo(new[] { ("count", From, From.AddHours(3) - LegReadingsCache.Settle) }), "only the kept part counted");
            Assert.That(_outcomes.Last(), Is.EqualTo(LegReadingsCache.Outcome.KeptEarlier));
        });
    }

    [Test]
    public async Task With_no_legs_to_keep_every_read_goes_to_the_store_in_full()
    {
        var cache = NewCache(cachedLegs: 0);
        await WriteAsync(0, 60);
        _time.SetUtcNow(From.AddHours(1));
        await cache.ReadAsync(_recording, Asset, From, From.AddHours(1), CancellationToken.None);
        await cache.ReadAsync(_recording, Asset, From, From.AddHours(1), CancellationToken.None);

        Assert.That(_recording.Queries, Is.EqualTo(new[] { ("query", From, From.AddHours(1)), ("query", From, From.AddHours(1)) }));
    }

    private LegReadingsCache NewCache(int cachedLegs = 10) => new(_time, Options.Create(new ShipmentsOptions { CachedLegs = cachedLegs }), _meters.GetRequiredService<IMeterFactory>());

    /// <summary>Two sensors at one reading a minute, minutes [<paramref name="first"/>, <paramref name="end"/>) of the leg; a fault now and then.</summary>
    private Task WriteAsync(int first, int end) => _store.WriteAsync(
        [.. Enumerable.Range(first, end - first).SelectMany(m => new[] { "t1", "t2" }.Select(s => m % 17 == 0 && s == "t2"
            ? new StoredReading("fleet", "gw-1", Asset, $"{Asset}-{s}", Quantity.Temperature, From.AddMinutes(m), null, ReadingStatus.SensorFault)
            : new StoredReading("fleet", "gw-1", Asset, $"{Asset}-{s}", Quantity.Temperature, From.AddMinutes(m), 3 + Math.Sin(m / 10.0), ReadingStatus.Ok)))],
        CancellationToken.None);

    private static void AssertSame(LegReadings actual, LegReadings expected)
    {
        Assert.That(actual.Count, Is.EqualTo(expected.Count));
        Assert.That(actual.Gateways, Is.EquivalentTo(expected.Gateways));
        Assert.That(actual.BySensor.Keys, Is.EquivalentTo(expected.BySensor.Keys));
        foreach (var (sensor, readings) in expected.BySensor)
        {
            Assert.That(actual.BySensor[sensor], Is.EqualTo(readings), sensor);
        }
    }

    /// <summary>The real store, with the windows asked for written down.</summary>
    private sealed class RecordingStore(ITelemetryStore inner) : ITelemetryStore
    {
        public List<(string Kind, DateTimeOffset From, DateTimeOffset To)> Queries { get; } = [];

        public Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken) => inner.WriteAsync(readings, cancellationToken);

        public Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken)
        {
            lock (Queries)
            {
                Queries.Add(("query", query.From, query.To));
            }

            return inner.QueryAsync(query, cancellationToken);
        }

        public Task<long> CountAsync(ReadingQuery query, CancellationToken cancellationToken)
        {
            lock (Queries)
            {
                Queries.Add(("count", query.From, query.To));
            }

            return inner.CountAsync(query, cancellationToken);
        }

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => inner.IsReadyAsync(cancellationToken);
    }
}
