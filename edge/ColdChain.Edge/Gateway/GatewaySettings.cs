using ColdChain.Edge.Outbox;
using ColdChain.Edge.Uplink;
using ColdChain.Protocol.Status;

namespace ColdChain.Edge.Gateway;

/// <summary>Everything one gateway runner needs besides its sensors.</summary>
internal sealed record GatewaySettings(UplinkSettings Uplink)
{
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the outbox database lives (<c>{DataDirectory}/{GatewayId}/outbox.db</c>); null keeps it in memory.</summary>
    public string? DataDirectory { get; init; }

    public OutboxLimits Outbox { get; init; } = OutboxLimits.Default;

    /// <summary>Reported in the health; simulated gateways run on the host's clock, real ones will ask the OS (edge issue).</summary>
    public bool ClockSynced { get; init; }

    /// <summary>Real gateways ask the host (clock sync, CPU temperature, disk free); null reports <see cref="ClockSynced"/> and no host facts.</summary>
    public HealthProbe? Probe { get; init; }

    /// <summary>The uplink's radio signal for the status (a Pi reads it from the kernel, the simulator makes it up); null: none reported.</summary>
    public Func<GatewaySignal?>? Signal { get; init; }
}
