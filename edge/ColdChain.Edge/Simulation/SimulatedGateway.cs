namespace ColdChain.Edge.Simulation;

/// <summary>One simulated gateway: one MQTT session (client id = <paramref name="GatewayId"/>) carrying its assets' sensors.</summary>
/// <param name="NetworkLossAfter">When set, the gateway drops off the network this long after it starts (the broker publishes its Last Will)...</param>
/// <param name="NetworkLossDuration">...stays off this long (5 minutes when not given) while it keeps sampling, then catches up in order.</param>
public sealed record SimulatedGateway(
    string Site,
    string GatewayId,
    IReadOnlyList<SimulatedAsset> Assets,
    TimeSpan? NetworkLossAfter = null,
    TimeSpan? NetworkLossDuration = null)
{
    public static TimeSpan DefaultNetworkLossDuration { get; } = TimeSpan.FromMinutes(5);
}
