using ColdChain.Edge.Simulation;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Tests.Simulation;

public sealed class SimulatedColdSpaceTests
{
    private static readonly SimulatedAsset ColdRoom = new("cold-room-1", "Cold room 1", SimulatedAssetKind.ColdRoom);
    private static readonly TimeSpan Recovery = TimeSpan.FromMinutes(25);

    [Test]
    public void A_cold_room_stays_within_0_to_4_degrees_for_24_hours_apart_from_door_and_defrost_excursions()
    {
        var run = SimulationRun.For([ColdRoom], TimeSpan.FromHours(24), TimeSpan.FromMinutes(1));
        var space = run.Space("cold-room-1");
        var doorOpenings = DoorOpenIntervals(run.Events);

        var outside = run.Of(ColdRoom.TemperatureSensorId)
            .Where(r => !InDefrostOrRecovery(space, r.Time) && !doorOpenings.Any(d => r.Time >= d.From && r.Time <= d.To + Recovery))
            .Where(r => r.Value is < 0 or > 4)
            .ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(doorOpenings, Has.Count.GreaterThanOrEqualTo(24), "a few door openings an hour");
            Assert.That(outside, Is.Empty);
            Assert.That(run.Of(ColdRoom.TemperatureSensorId), Has.Count.EqualTo(24 * 60 + 1));
        });
    }

    [Test]
    public void A_door_opening_warms_the_air_and_the_room_recovers_within_25_minutes()
    {
        var run = SimulationRun.For([ColdRoom], TimeSpan.FromHours(3), TimeSpan.FromSeconds(10),
            physics: a => SimulationRun.Still(a) with
            {
                DoorOpeningsPerHour = 1, DoorOpenShortest = TimeSpan.FromMinutes(2), DoorOpenLongest = TimeSpan.FromMinutes(2),
            });
        var temperatures = run.Of(ColdRoom.TemperatureSensorId);
        var (opened, closed) = DoorOpenIntervals(run.Events).First();
        var nextOpening = DoorOpenIntervals(run.Events).Skip(1).Select(d => d.From).DefaultIfEmpty(DateTimeOffset.MaxValue).First();

        var before = temperatures.Last(r => r.Time <= opened).Value!.Value;
        var peak = temperatures.Where(r => r.Time >= opened && r.Time <= closed + TimeSpan.FromMinutes(1)).Max(r => r.Value!.Value);
        var afterRecovery = temperatures.Where(r => r.Time >= closed + Recovery && r.Time < nextOpening).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(peak, Is.GreaterThan(before + 1.5), "the open door lets warm air in");
            Assert.That(run.Of(ColdRoom.DoorSensorId).Where(r => r.Time > opened && r.Time < closed).Select(r => r.Value), Is.All.EqualTo(1));
            Assert.That(afterRecovery, Is.Not.Empty);
            Assert.That(afterRecovery.Select(r => r.Value), Is.All.InRange(0.0, 3.0), "back around the 2 °C setpoint");
        });
    }

    [Test]
    public void Defrost_raises_the_temperature_inside_its_window_and_nowhere_else()
    {
        var run = SimulationRun.For([ColdRoom], TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), physics: SimulationRun.WithoutDoors);
        var space = run.Space("cold-room-1");
        var temperatures = run.Of(ColdRoom.TemperatureSensorId);

        var windows = temperatures.Where(r => space.IsDefrosting(r.Time))
            .GroupBy(r => (r.Time - space.Start - space.DefrostOffset).Ticks / TimeSpan.FromHours(6).Ticks)
            .ToArray();
        var calm = temperatures.Where(r => !InDefrostOrRecovery(space, r.Time)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(windows, Has.Length.EqualTo(4), "every 6 hours");
            foreach (var window in windows)
            {
                var rise = window.Max(r => r.Value!.Value) - window.First().Value!.Value;
                Assert.That(rise, Is.GreaterThan(2.0), $"defrost window {window.Key} warms the room by a few degrees");
                Assert.That(window.Count(), Is.InRange(19, 31), "20–30 minutes");
            }

            Assert.That(calm.Select(r => r.Value), Is.All.InRange(0.0, 3.0), "outside defrost the thermostat holds 2 ± 0.7 °C");
        });
    }

    [Test]
    public void A_failing_compressor_takes_a_cold_room_out_of_range_within_12_hours_while_a_healthy_one_stays_in()
    {
        var failing = ColdRoom with { AssetId = "cold-room-2", FailingCompressor = true };
        var run = SimulationRun.For([ColdRoom, failing], TimeSpan.FromHours(12), TimeSpan.FromMinutes(5), physics: SimulationRun.Still);
        var failingReadings = run.Of(failing.TemperatureSensorId);
        var firstOut = failingReadings.FirstOrDefault(r => r.Status == ReadingStatus.OutOfRange);

        Assert.Multiple(() =>
        {
            Assert.That(firstOut, Is.Not.Null, "the failing room leaves 0–4 °C");
            Assert.That(firstOut!.Time - failingReadings[0].Time, Is.GreaterThan(TimeSpan.FromHours(2)), "it creeps over hours, not at once");
            Assert.That(failingReadings[^1].Value, Is.GreaterThan(6), "and keeps warming");
            Assert.That(run.Of(ColdRoom.TemperatureSensorId).Select(r => r.Status), Is.All.EqualTo(ReadingStatus.Ok));
        });
    }

    [Test]
    public void A_freezer_holds_below_minus_18_degrees_outside_door_and_defrost_excursions()
    {
        var freezer = new SimulatedAsset("freezer-1", "Freezer 1", SimulatedAssetKind.Freezer);
        var run = SimulationRun.For([freezer], TimeSpan.FromHours(24), TimeSpan.FromMinutes(1), physics: SimulationRun.WithoutDoors);
        var space = run.Space("freezer-1");

        var calm = run.Of(freezer.TemperatureSensorId).Where(r => !InDefrostOrRecovery(space, r.Time)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(calm.Select(r => r.Value), Is.All.LessThan(-18.0));
            Assert.That(calm.Select(r => r.Status), Is.All.EqualTo(ReadingStatus.Ok));
            Assert.That(run.Readings.Select(r => r.Sensor).Distinct(), Is.EquivalentTo(new[] { "freezer-1-t1", "freezer-1-door" }), "no humidity sensor in a freezer");
        });
    }

    [Test]
    public void The_same_seed_gives_the_same_series_and_another_seed_a_different_one()
    {
        SimulatedAsset[] fleet = [ColdRoom, new("truck-1", "Truck 1", SimulatedAssetKind.Truck)];
        var first = SimulationRun.For(fleet, TimeSpan.FromHours(6), TimeSpan.FromSeconds(30), seed: 7);
        var again = SimulationRun.For(fleet, TimeSpan.FromHours(6), TimeSpan.FromSeconds(30), seed: 7);
        var other = SimulationRun.For(fleet, TimeSpan.FromHours(6), TimeSpan.FromSeconds(30), seed: 8);

        Assert.Multiple(() =>
        {
            Assert.That(again.Readings, Is.EqualTo(first.Readings));
            Assert.That(again.Events, Is.EqualTo(first.Events));
            Assert.That(other.Readings.Select(r => r.Value), Is.Not.EqualTo(first.Readings.Select(r => r.Value)));
        });
    }

    private static bool InDefrostOrRecovery(ColdSpace space, DateTimeOffset at) =>
        Enumerable.Range(0, (int)Recovery.TotalMinutes + 1).Any(m => space.IsDefrosting(at - TimeSpan.FromMinutes(m)));

    private static List<(DateTimeOffset From, DateTimeOffset To)> DoorOpenIntervals(IEnumerable<GatewayEvent> events)
    {
        var intervals = new List<(DateTimeOffset, DateTimeOffset)>();
        DateTimeOffset? opened = null;
        foreach (var e in events.OrderBy(e => e.Time))
        {
            if (e.Type == GatewayEventType.DoorOpened)
            {
                opened = e.Time;
            }
            else if (e.Type == GatewayEventType.DoorClosed && opened is { } from)
            {
                intervals.Add((from, e.Time));
                opened = null;
            }
        }

        if (opened is { } stillOpen)
        {
            intervals.Add((stillOpen, DateTimeOffset.MaxValue - Recovery));
        }

        return intervals;
    }
}
