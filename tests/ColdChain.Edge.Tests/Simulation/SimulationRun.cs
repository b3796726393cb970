using ColdChain.Edge.Simulation;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Simulation;

/// <summary>Samples a simulated gateway on a fake clock for a while and keeps everything it produced.</summary>
internal sealed class SimulationRun
{
    private SimulationRun(SimulatedSensors sensors, List<Reading> readings, List<GatewayEvent> events)
    {
        Sensors = sensors;
        Readings = readings;
        Events = events;
    }

    public SimulatedSensors Sensors { get; }

    public List<Reading> Readings { get; }

    public List<GatewayEvent> Events { get; }

    public ColdSpace Space(string assetId) => Sensors.Spaces.Single(s => s.Asset.AssetId == assetId);

    public IReadOnlyList<Reading> Of(string sensor) => Readings.Where(r => r.Sensor == sensor).ToArray();

    public static SimulationRun For(
        IReadOnlyList<SimulatedAsset> assets, TimeSpan duration, TimeSpan every, int seed = 42, Func<SimulatedAsset, AssetPhysics>? physics = null)
    {
        var time = new FakeTimeProvider(GatewayHarness.Morning);
        var sensors = new SimulatedSensors(new SimulatedGateway("site-1", "gw-1", assets), seed, time, physics);
        var readings = new List<Reading>();
        var events = new List<GatewayEvent>();
        for (var elapsed = TimeSpan.Zero; elapsed <= duration; elapsed += every)
        {
            var sample = sensors.Sample();
            readings.AddRange(sample.Readings);
            events.AddRange(sample.Events);
            time.Advance(every);
        }

        return new SimulationRun(sensors, readings, events);
    }

    public static AssetPhysics WithoutDoors(SimulatedAsset asset) => AssetPhysics.For(asset.Kind) with { DoorOpeningsPerHour = 0 };

    public static AssetPhysics Still(SimulatedAsset asset) =>
        WithoutDoors(asset) with { DefrostShortest = TimeSpan.Zero, DefrostLongest = TimeSpan.Zero };
}
