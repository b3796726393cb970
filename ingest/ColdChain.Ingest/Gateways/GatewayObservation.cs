using ColdChain.Protocol.Status;

namespace ColdChain.Ingest.Gateways;

/// <summary>
/// What a gateway said about itself at <see cref="Time"/>: either its status (<see cref="State"/>, with
/// <see cref="Health"/> when online) or a mains-power change (<see cref="MainsPresent"/>). The key (site, gateway, kind,
/// time) identifies it, so a redelivered message overwrites its own point.
/// </summary>
public sealed record GatewayObservation(string Site, string Gateway, DateTimeOffset Time)
{
    /// <summary>Set for a status message.</summary>
    public GatewayState? State { get; init; }

    /// <summary>The health an online status carries (outbox depth, oldest unsent, clock, CPU, disk, versions).</summary>
    public GatewayHealth? Health { get; init; }

    /// <summary>Set for a <c>power_lost</c> (false) or <c>power_restored</c> (true) event.</summary>
    public bool? MainsPresent { get; init; }

    public bool IsStatus => State is not null;

    public static GatewayObservation Status(string site, string gateway, DateTimeOffset time, GatewayState state, GatewayHealth? health) =>
        new(site, gateway, time) { State = state, Health = state == GatewayState.Online ? health : null };

    public static GatewayObservation Power(string site, string gateway, DateTimeOffset time, bool mainsPresent) =>
        new(site, gateway, time) { MainsPresent = mainsPresent };
}
