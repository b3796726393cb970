using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Tests.Storage;

/// <summary>
/// What every <see cref="ITelemetryStore"/> adapter promises (DESIGN: one contract suite runs against both).
/// Each test gets a fresh, empty store.
/// </summary>
public abstract class TelemetryStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 0, 0, 123, TimeSpan.Zero);

    protected ITelemetryStore Store { get; private set; } = null!;

    /// <summary>A new empty store for one test.</summary>
    protected abstract Task<ITelemetryStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    [SetUp]
    public async Task CreateStore() => Store = await CreateStoreAsync();

    [TearDown]
    public Task DisposeStore() => DisposeStoreAsync();

    [Test]
    public async Task Written_readings_read_back_with_exact_values_statuses_and_times()
    {
        StoredReading[] written =
        [
            Reading("probe-1", Quantity.Temperature, T0, 3.14159265358979, ReadingStatus.Ok),
            Reading("probe-1", Quantity.Temperature, T0.AddSeconds(30), -18.000000000000004, ReadingStatus.OutOfRange),
            Reading("probe-2", Quantity.Humidity, T0.AddMilliseconds(1), 87.5, ReadingStatus.Ok),
            Reading("door-1", Quantity.Door, T0.AddMilliseconds(2), 1, ReadingStatus.Ok),
            Reading("probe-3", Quantity.Temperature, T0.AddMilliseconds(3), 1e-7, ReadingStatus.Ok),
        ];

        await Store.WriteAsync(written, CancellationToken.None);
        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddMinutes(1)), CancellationToken.None);

        Assert.That(read, Is.EqualTo(written.OrderBy(r => r.Time)));
    }

    [Test]
    public async Task Times_are_kept_to_the_millisecond_and_in_utc()
    {
        var local = new DateTimeOffset(2026, 1, 15, 12, 0, 0, 456, TimeSpan.FromHours(2)).AddTicks(7_777);
        await Store.WriteAsync([Reading("probe-1", Quantity.Temperature, local, 4, ReadingStatus.Ok)], CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0.AddHours(-1), T0.AddHours(1)), CancellationToken.None);

        Assert.That(read.Single().Time, Is.EqualTo(new DateTimeOffset(2026, 1, 15, 10, 0, 0, 456, TimeSpan.Zero)));
        Assert.That(read.Single().Time.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task Writing_the_same_readings_again_overwrites_them_and_leaves_the_count_unchanged()
    {
        var batch = Enumerable.Range(0, 50).Select(i => Reading("probe-1", Quantity.Temperature, T0.AddSeconds(i), i / 10.0, ReadingStatus.Ok)).ToList();

        await Store.WriteAsync(batch, CancellationToken.None);
        await Store.WriteAsync(batch, CancellationToken.None);
        await Store.WriteAsync(batch.Take(10).ToList(), CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddHours(1)), CancellationToken.None);
        Assert.That(read, Is.EqualTo(batch));
    }

    [Test]
    public async Task A_count_is_what_the_query_returns_however_often_a_reading_was_written_faults_and_quantities_included()
    {
        var batch = Enumerable.Range(0, 30).Select(i => Reading($"probe-{i % 3}", (Quantity)(i % 3), T0.AddSeconds(i), i % 5 == 0 ? null : i, i % 5 == 0 ? ReadingStatus.SensorFault : ReadingStatus.Ok)).ToList();
        await Store.WriteAsync(batch, CancellationToken.None);
        await Store.WriteAsync(batch.Take(10).ToList(), CancellationToken.None);
        var window = new ReadingQuery("asset-1", T0.AddSeconds(3), T0.AddSeconds(27));
        var temperature = window with { Quantity = Quantity.Temperature };

        var counts = (await Store.CountAsync(window, CancellationToken.None), await Store.CountAsync(temperature, CancellationToken.None), await Store.CountAsync(window with { Asset = "asset-2" }, CancellationToken.None));

        Assert.That(counts, Is.EqualTo(((long)(await Store.QueryAsync(window, CancellationToken.None)).Count, (long)(await Store.QueryAsync(temperature, CancellationToken.None)).Count, 0L)));
        Assert.That(counts.Item1, Is.EqualTo(24));
    }

    [Test]
    public async Task The_query_window_includes_its_start_and_excludes_its_end()
    {
        var batch = Enumerable.Range(0, 5).Select(i => Reading("probe-1", Quantity.Temperature, T0.AddMinutes(i), i, ReadingStatus.Ok)).ToList();
        await Store.WriteAsync(batch, CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0.AddMinutes(1), T0.AddMinutes(3)), CancellationToken.None);

        Assert.That(read.Select(r => r.Value), Is.EqualTo(new double?[] { 1, 2 }));
    }

    [Test]
    public async Task Window_bounds_finer_than_a_millisecond_keep_their_meaning()
    {
        await Store.WriteAsync([Reading("probe-1", Quantity.Temperature, T0, 1, ReadingStatus.Ok)], CancellationToken.None);

        var fromJustAfter = await Store.QueryAsync(new ReadingQuery("asset-1", T0.AddTicks(1), T0.AddMinutes(1)), CancellationToken.None);
        var toJustAfter = await Store.QueryAsync(new ReadingQuery("asset-1", T0.AddMinutes(-1), T0.AddTicks(1)), CancellationToken.None);

        Assert.That(fromJustAfter, Is.Empty);
        Assert.That(toJustAfter, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_quantity_filter_returns_only_that_quantity()
    {
        await Store.WriteAsync(
        [
            Reading("probe-1", Quantity.Temperature, T0, 2.5, ReadingStatus.Ok),
            Reading("probe-1", Quantity.Humidity, T0, 80, ReadingStatus.Ok),
            Reading("door-1", Quantity.Door, T0.AddSeconds(1), 0, ReadingStatus.Ok),
        ], CancellationToken.None);

        var humidity = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddMinutes(1), Quantity.Humidity), CancellationToken.None);
        var doors = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddMinutes(1), Quantity.Door), CancellationToken.None);

        Assert.That(humidity.Select(r => (r.Quantity, r.Value)), Is.EqualTo(new[] { (Quantity.Humidity, (double?)80) }));
        Assert.That(doors.Select(r => (r.Quantity, r.Value)), Is.EqualTo(new[] { (Quantity.Door, (double?)0) }));
    }

    [Test]
    public async Task Readings_of_other_assets_are_not_returned()
    {
        await Store.WriteAsync(
        [
            Reading("probe-1", Quantity.Temperature, T0, 1, ReadingStatus.Ok),
            Reading("probe-1", Quantity.Temperature, T0, 2, ReadingStatus.Ok) with { Asset = "asset-2" },
            Reading("probe-1", Quantity.Temperature, T0, 3, ReadingStatus.Ok) with { Asset = "asset-10" },
        ], CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddMinutes(1)), CancellationToken.None);

        Assert.That(read.Select(r => r.Value), Is.EqualTo(new double?[] { 1 }));
    }

    [Test]
    public async Task Tag_values_with_spaces_commas_equals_signs_quotes_and_unicode_survive()
    {
        var odd = new StoredReading(
            Site: "Site 1, Hall=A",
            Gateway: "gw \"north\"",
            Asset: "cold 'room' \"7\", bay=2 °C 冷库",
            Sensor: "probe\\1 \u00e9t\u00e9",
            Quantity: Quantity.Temperature,
            Time: T0,
            Value: -21.5,
            Status: ReadingStatus.Ok);
        await Store.WriteAsync([odd, odd with { Asset = "cold" }], CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery(odd.Asset, T0, T0.AddMinutes(1)), CancellationToken.None);

        Assert.That(read, Is.EqualTo(new[] { odd }));
    }

    [Test]
    public async Task A_sensor_fault_without_a_value_reads_back_with_no_value()
    {
        var fault = Reading("probe-1", Quantity.Temperature, T0, null, ReadingStatus.SensorFault);
        await Store.WriteAsync([fault, Reading("probe-2", Quantity.Temperature, T0, 3, ReadingStatus.Ok)], CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddMinutes(1)), CancellationToken.None);

        Assert.That(read.Single(r => r.Sensor == "probe-1"), Is.EqualTo(fault));
    }

    [Test]
    public async Task Readings_come_back_oldest_first_whatever_order_they_were_written_in()
    {
        var random = new Random(42);
        var batch = Enumerable.Range(0, 200)
            .Select(i => Reading($"probe-{i % 3}", (Quantity)(i % 3), T0.AddSeconds(i / 3), i % 2, ReadingStatus.Ok))
            .OrderBy(_ => random.Next())
            .ToList();
        await Store.WriteAsync(batch, CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddHours(1)), CancellationToken.None);

        Assert.That(read, Has.Count.EqualTo(200));
        Assert.That(read.Select(r => r.Time), Is.Ordered);
    }

    [Test]
    public async Task Readings_of_one_instant_come_back_by_quantity_site_gateway_and_sensor_in_ordinal_order_even_beyond_the_basic_plane()
    {
        // UTF-8 byte order and ordinal UTF-16 order disagree here: U+FFFD sorts after U+1F600 in UTF-16, before it in UTF-8.
        StoredReading[] written =
        [
            Reading("probe-\uFFFD", Quantity.Temperature, T0, 1, ReadingStatus.Ok),
            Reading("probe-\U0001F600", Quantity.Temperature, T0, 2, ReadingStatus.Ok),
            Reading("probe-a", Quantity.Humidity, T0, 3, ReadingStatus.Ok),
            Reading("probe-a", Quantity.Temperature, T0, 4, ReadingStatus.Ok) with { Gateway = "gw-0" },
            Reading("probe-a", Quantity.Temperature, T0, 5, ReadingStatus.Ok) with { Site = "site-0", Gateway = "gw-9" },
            Reading("probe-a", Quantity.Temperature, T0.AddMilliseconds(-1), 6, ReadingStatus.Ok),
        ];
        await Store.WriteAsync(written, CancellationToken.None);

        var all = await Store.QueryAsync(new ReadingQuery("asset-1", T0.AddMinutes(-1), T0.AddMinutes(1)), CancellationToken.None);
        var temperatures = await Store.QueryAsync(new ReadingQuery("asset-1", T0.AddMinutes(-1), T0.AddMinutes(1), Quantity.Temperature), CancellationToken.None);

        Assert.That(all.Select(r => r.Value), Is.EqualTo(new double?[] { 6, 3, 5, 4, 2, 1 }));
        Assert.That(temperatures.Select(r => r.Value), Is.EqualTo(new double?[] { 6, 5, 4, 2, 1 }));
    }

    [Test]
    public async Task A_large_batch_of_20000_readings_is_stored_completely()
    {
        var batch = Enumerable.Range(0, 20_000)
            .Select(i => Reading($"probe-{i % 8}", Quantity.Temperature, T0.AddMilliseconds(i * 250), Math.Round(Math.Sin(i) * 10, 3), ReadingStatus.Ok))
            .ToList();

        await Store.WriteAsync(batch, CancellationToken.None);
        var read = await Store.QueryAsync(new ReadingQuery("asset-1", T0, T0.AddDays(1)), CancellationToken.None);

        Assert.That(read, Is.EqualTo(batch));
    }

    [Test]
    public async Task Writing_nothing_is_allowed_and_stores_nothing()
    {
        await Store.WriteAsync([], CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue), CancellationToken.None);

        Assert.That(read, Is.Empty);
    }

    [Test]
    public async Task A_query_over_all_time_finds_every_reading()
    {
        await Store.WriteAsync([Reading("probe-1", Quantity.Temperature, T0, 5, ReadingStatus.Ok)], CancellationToken.None);

        var read = await Store.QueryAsync(new ReadingQuery("asset-1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue), CancellationToken.None);

        Assert.That(read, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_running_store_is_ready()
    {
        Assert.That(await Store.IsReadyAsync(CancellationToken.None), Is.True);
    }

    private static StoredReading Reading(string sensor, Quantity quantity, DateTimeOffset time, double? value, ReadingStatus status) =>
        new("site-1", "gw-1", "asset-1", sensor, quantity, time, value, status);
}
