using ColdChain.Edge.Sampling;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Tests.Sampling;

/// <summary>China GSP: refresh every minute, record every 30 min in range, and at least every minute (configurable, ≤ 2) while out of range.</summary>
public sealed class RecordingCadenceTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public void In_range_a_sensor_sampled_every_minute_is_recorded_every_30_minutes()
    {
        var recorded = Run(Enumerable.Repeat(ReadingStatus.Ok, 61));

        Assert.That(recorded, Is.EqualTo(new[] { 0, 30, 60 }));
    }

    [Test]
    public void While_out_of_range_it_is_recorded_every_minute_whatever_its_normal_interval_and_the_changes_at_once()
    {
        var statuses = Enumerable.Repeat(ReadingStatus.Ok, 10)
            .Concat(Enumerable.Repeat(ReadingStatus.OutOfRange, 5))
            .Concat(Enumerable.Repeat(ReadingStatus.Ok, 5));

        var recorded = Run(statuses);

        Assert.That(recorded, Is.EqualTo(new[] { 0, 10, 11, 12, 13, 14, 15 }), "the excursion every minute, its end at once");
    }

    [Test]
    public void A_two_minute_out_of_range_interval_records_every_second_sample()
    {
        var recorded = Run(Enumerable.Repeat(ReadingStatus.OutOfRange, 7), outOfRange: TimeSpan.FromMinutes(2));

        Assert.That(recorded, Is.EqualTo(new[] { 0, 2, 4, 6 }));
    }

    private static List<int> Run(IEnumerable<ReadingStatus> statuses, TimeSpan? outOfRange = null)
    {
        var cadence = new RecordingCadence(outOfRange ?? RecordingCadence.DefaultOutOfRangeInterval);
        var recorded = new List<int>();
        var minute = 0;
        foreach (var status in statuses)
        {
            // A few ms of jitter, as a real schedule has: the tolerance keeps the cadence on its ticks.
            var reading = new Reading
            {
                Sensor = "t1", Asset = "room", Time = GatewayHarness.Morning + (Minute * minute) - TimeSpan.FromMilliseconds(minute % 3),
                Quantity = Quantity.Temperature, Unit = "°C", Value = 5, Status = status,
            };
            if (cadence.ShouldRecord(reading, TimeSpan.FromMinutes(30), Minute / 2))
            {
                recorded.Add(minute);
            }

            minute++;
        }

        return recorded;
    }
}
