using ColdChain.Platform.Readings;
using Point = ColdChain.Platform.Readings.SeriesDownsampler.Point;

namespace ColdChain.Platform.Tests.Readings;

public sealed class SeriesDownsamplerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_one_minute_spike_in_30_days_of_minute_readings_survives_800_buckets()
    {
        var readings = Minutes(30 * 24 * 60, _ => 3.0);
        readings[20_000] = readings[20_000] with { Value = 11.5 };
        readings[30_000] = readings[30_000] with { Value = -2.25 };

        var points = SeriesDownsampler.Downsample(readings, Start, Start.AddDays(30), 800);

        Assert.Multiple(() =>
        {
            Assert.That(points.Max(p => p.Value), Is.EqualTo(11.5), "the high spike is kept");
            Assert.That(points.Min(p => p.Value), Is.EqualTo(-2.25), "the low spike is kept");
            Assert.That(points.Single(p => p.Value == 11.5).Time, Is.EqualTo(readings[20_000].Time), "at its own time");
            Assert.That(points, Has.Count.LessThanOrEqualTo(2 * 800), "at most a low and a high per bucket");
        });
    }

    [Test]
    public void A_missing_stretch_becomes_one_null_point_and_regular_spacing_none()
    {
        var before = Minutes(60, i => 2 + (i * 0.01));
        var after = Minutes(60, i => 3 + (i * 0.01), Start.AddHours(3));

        var points = SeriesDownsampler.Downsample([.. before, .. after], Start, Start.AddHours(4), 400);

        var gaps = points.Where(p => p.Value is null).ToList();
        Assert.That(gaps, Has.Count.EqualTo(1));
        Assert.That(gaps[0].Time, Is.GreaterThan(before[^1].Time).And.LessThan(after[0].Time));
    }

    [Test]
    public void A_sensor_fault_breaks_the_line()
    {
        var readings = Minutes(30, _ => 4.0);
        readings[10] = readings[10] with { Value = null };

        var points = SeriesDownsampler.Downsample(readings, Start, Start.AddMinutes(30), 1000);

        Assert.That(points.Count(p => p.Value is null), Is.EqualTo(1));
        Assert.That(points.Count(p => p.Value is not null), Is.EqualTo(29), "with more buckets than readings every reading is kept");
    }

    [Test]
    public void Low_and_high_of_a_bucket_come_in_time_order()
    {
        Point[] readings = [new(Start, 5), new(Start.AddSeconds(10), 1), new(Start.AddSeconds(20), 3)];

        var points = SeriesDownsampler.Downsample(readings, Start, Start.AddHours(1), 1);

        Assert.That(points.Select(p => p.Value), Is.EqualTo(new double?[] { 5, 1 }));
    }

    private static List<Point> Minutes(int count, Func<int, double?> value, DateTimeOffset? from = null) =>
        [.. Enumerable.Range(0, count).Select(i => new Point((from ?? Start).AddMinutes(i), value(i)))];
}
