using ColdChain.Edge.Outbox;
using ColdChain.Edge.Uplink;

namespace ColdChain.Edge.Gateway;

/// <summary>Everything one gateway runner needs besides its sensors.</summary>
internal sealed record GatewaySettings(UplinkSettings Uplink)
{
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the sequence files live (<c>{DataDirectory}/{GatewayId}/</c>); null keeps them in memory.</summary>
    public string? DataDirectory { get; init; }

    public int OutboxCapacity { get; init; } = MemoryOutbox.DefaultCapacity;

    /// <summary>Reported in the health; simulated gateways run on the host's clock, real ones will ask the OS (edge issue).</summary>
    public bool ClockSynced { get; init; }
}
