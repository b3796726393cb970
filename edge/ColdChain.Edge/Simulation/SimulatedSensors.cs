using ColdChain.Edge.Sampling;

namespace ColdChain.Edge.Simulation;

/// <summary>
/// Every simulated asset of one gateway. This is the sampling seam: the real drivers (DS18B20, SHT3x/4x, door contact)
/// will offer the same <see cref="Sample"/> shape to the gateway runner.
/// </summary>
internal sealed class SimulatedSensors
{
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<ColdSpace> _spaces;

    public SimulatedSensors(SimulatedGateway gateway, int seed, TimeProvider time, Func<SimulatedAsset, AssetPhysics>? physics = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        _time = time;
        var start = time.GetUtcNow();
        _spaces = gateway.Assets
            .Select(a => new ColdSpace(a, physics?.Invoke(a) ?? AssetPhysics.For(a.Kind), start, seed))
            .ToArray();
    }

    public IReadOnlyList<ColdSpace> Spaces => _spaces;

    /// <summary>Reads every sensor now (by the injected clock).</summary>
    public SensorSample Sample()
    {
        var now = _time.GetUtcNow();
        var readings = _spaces.SelectMany(s => s.Read(now)).ToArray();
        var events = _spaces.SelectMany(s => s.TakeEvents()).OrderBy(e => e.Time).ToArray();
        return new SensorSample(readings, events);
    }
}
