using ColdChain.Edge.Simulation;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Simulation;

public sealed class SimulatedReadingTests
{
    [Test]
    public void Simulated_readings_use_the_documented_sensor_ids_and_canonical_units_and_pass_the_protocol_validator()
    {
        SimulatedAsset[] assets =
        [
            new("cold-room-1", "Cold room", SimulatedAssetKind.ColdRoom),
            new("freezer-1", "Freezer", SimulatedAssetKind.Freezer),
            new("truck-1", "Truck", SimulatedAssetKind.Truck),
        ];
        var run = SimulationRun.For(assets, TimeSpan.FromHours(2), TimeSpan.FromMinutes(1));
        var batch = new TelemetryBatch { Site = "site-1", Gateway = "gw-1", Seq = 1, SentAt = GatewayHarness.Morning, Readings = run.Readings };
        var validator = new MessageValidator(ValidationLimits.Default with { MaxReadingsPerBatch = 100_000 }, new FakeTimeProvider(GatewayHarness.Morning + TimeSpan.FromHours(2)));

        Assert.Multiple(() =>
        {
            Assert.That(run.Readings.Select(r => r.Sensor).Distinct(), Is.EquivalentTo(new[]
            {
                "cold-room-1-t1", "cold-room-1-h1", "cold-room-1-door", "freezer-1-t1", "freezer-1-door", "truck-1-t1", "truck-1-door",
            }));
            Assert.That(run.Readings.Select(r => r.Unit == r.Quantity.CanonicalUnit()), Is.All.True);
            Assert.That(validator.Validate(batch), Is.Empty);
            Assert.That(run.Of("cold-room-1-t1").Select(r => r.Time).First(), Is.EqualTo(GatewayHarness.Morning), "stamped when measured");
        });
    }

    [Test]
    public void Door_state_is_reported_as_readings_and_as_opened_and_closed_events()
    {
        var room = new SimulatedAsset("cold-room-1", "Cold room", SimulatedAssetKind.ColdRoom);
        var run = SimulationRun.For([room], TimeSpan.FromHours(2), TimeSpan.FromSeconds(10));
        var opened = run.Events.First(e => e.Type == GatewayEventType.DoorOpened);
        var closed = run.Events.First(e => e.Type == GatewayEventType.DoorClosed && e.Time > opened.Time);

        Assert.Multiple(() =>
        {
            Assert.That(opened.Sensor, Is.EqualTo("cold-room-1-door"));
            Assert.That(opened.Asset, Is.EqualTo("cold-room-1"));
            Assert.That(run.Of("cold-room-1-door").Single(r => r.Time == opened.Time).Value, Is.EqualTo(1));
            Assert.That(run.Of("cold-room-1-door").Single(r => r.Time == closed.Time).Value, Is.EqualTo(0));
            Assert.That(run.Of("cold-room-1-door").Select(r => r.Value), Is.All.EqualTo(0).Or.EqualTo(1));
        });
    }
}
