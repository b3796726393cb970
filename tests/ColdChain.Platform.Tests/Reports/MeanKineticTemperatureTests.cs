using ColdChain.Platform.Reports;

namespace ColdChain.Platform.Tests.Reports;

public sealed class MeanKineticTemperatureTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [TestCase(5.0)]
    [TestCase(-18.0)]
    [TestCase(25.0)]
    public void A_constant_series_gives_its_own_temperature(double celsius)
    {
        var readings = Series(Enumerable.Repeat(celsius, 100));

        Assert.That(MeanKineticTemperature.Compute(readings, Minute), Is.EqualTo(celsius).Within(1e-9));
    }

    [Test]
    public void Two_equally_weighted_readings_give_the_USP_value()
    {
        // (ΔH/R) / −ln((e^(−10000/275.15) + e^(−10000/281.15)) / 2) − 273.15, computed independently.
        Assert.That(MeanKineticTemperature.Compute(Series([2, 8]), Minute), Is.EqualTo(5.536424508866332).Within(1e-9));
    }

    [Test]
    public void A_warm_excursion_weighs_more_than_its_arithmetic_share()
    {
        var readings = Series([25, 25, 25, 25, 25, 40]);

        var mkt = MeanKineticTemperature.Compute(readings, Minute)!.Value;

        Assert.That(mkt, Is.EqualTo(29.598072396331872).Within(1e-9));
        Assert.That(mkt, Is.GreaterThan(readings.Average(r => r.Celsius)));
    }

    [Test]
    public void Readings_are_weighted_by_the_time_they_stand_for()
    {
        // 2 °C for 3 minutes, then 8 °C for 1 minute: the same as four evenly spaced readings 2, 2, 2, 8.
        (DateTimeOffset, double)[] uneven = [(T0, 2), (T0.AddMinutes(1.5), 2), (T0.AddMinutes(3), 8)];
        var even = Series([2, 2, 2, 8]);

        Assert.That(MeanKineticTemperature.Compute(uneven, Minute), Is.EqualTo(MeanKineticTemperature.Compute(even, Minute)).Within(1e-9));
    }

    [Test]
    public void A_gap_in_the_record_is_not_given_weight()
    {
        (DateTimeOffset, double)[] withGap = [(T0, 2), (T0.AddHours(10), 8)];

        Assert.That(MeanKineticTemperature.Compute(withGap, Minute), Is.EqualTo(MeanKineticTemperature.Compute(Series([2, 8]), Minute)).Within(1e-9));
    }

    [Test]
    public void No_readings_give_no_value_and_bad_input_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MeanKineticTemperature.Compute([], Minute), Is.Null);
            Assert.That(() => MeanKineticTemperature.Compute(Series([2, double.NaN]), Minute), Throws.ArgumentException);
            Assert.That(() => MeanKineticTemperature.Compute([(T0, 2), (T0.AddMinutes(-1), 3)], Minute), Throws.ArgumentException);
        });
    }

    private static (DateTimeOffset At, double Celsius)[] Series(IEnumerable<double> values) =>
        values.Select((v, i) => (T0 + (Minute * i), v)).ToArray();
}
