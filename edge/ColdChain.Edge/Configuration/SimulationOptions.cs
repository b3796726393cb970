using ColdChain.Edge.Simulation;

namespace ColdChain.Edge.Configuration;

/// <summary><c>Gateway:Simulation</c>: what <c>--simulate</c> runs instead of real sensor drivers.</summary>
internal sealed class SimulationOptions
{
    public int Seed { get; set; } = 42;

    /// <summary>Empty: a cold room, a freezer and a truck (see <see cref="GatewayOptions.ApplySimulationDefaults"/>).</summary>
    public List<SimulatedAssetOptions> Assets { get; set; } = [];

    /// <summary>Drop off the network this long after start (the broker publishes the Last Will)…</summary>
    public TimeSpan? NetworkLossAfter { get; set; }

    /// <summary>…for this long (5 minutes when not given), sampling on, then catch up.</summary>
    public TimeSpan? NetworkLossDuration { get; set; }
}

/// <summary>One entry of <c>Gateway:Simulation:Assets</c>.</summary>
internal sealed class SimulatedAssetOptions
{
    public string? AssetId { get; set; }

    public string? Name { get; set; }

    public SimulatedAssetKind Kind { get; set; } = SimulatedAssetKind.ColdRoom;

    public bool FailingCompressor { get; set; }
}
