namespace ColdChain.Edge.Simulation;

/// <summary>What a simulated asset is; each kind has its own temperature profile and physics (see <see cref="AssetPhysics"/>).</summary>
public enum SimulatedAssetKind
{
    /// <summary>A chilled cold room (0–4 °C, setpoint 2 °C) with a humidity sensor.</summary>
    ColdRoom,

    /// <summary>A freezer room (≤ −18 °C, setpoint −21 °C).</summary>
    Freezer,

    /// <summary>A chilled reefer truck (0–4 °C, setpoint 2 °C), warmer outside and longer door openings at deliveries.</summary>
    Truck,
}
