namespace ColdChain.Edge.Simulation;

/// <summary>Simulated gateways publishing to one broker; what the platform's <c>--demo</c> and the edge's <c>--simulate</c> run.</summary>
public sealed record SimulatedFleet(string BrokerHost, int BrokerPort, IReadOnlyList<SimulatedGateway> Gateways)
{
    /// <summary>How often every sensor is read.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the readings taken so far go out as one telemetry batch.</summary>
    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Same seed, same readings (for the same sample times).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where each gateway keeps its durable outbox and sequence numbers (<c>{DataDirectory}/{GatewayId}/outbox.db</c>); null keeps them in memory only.</summary>
    public string? DataDirectory { get; init; }

    public string? BrokerUsername { get; init; }

    public string? BrokerPassword { get; init; }

    /// <summary>Batches held while the broker is unreachable (with <see cref="OutboxMaxBytes"/>); beyond it <see cref="OutboxFullPolicy"/> applies, with a <c>buffer_near_full</c> event.</summary>
    public int OutboxCapacity { get; init; } = Outbox.OutboxLimits.DefaultMaxBatches;

    /// <summary>Payload bytes the outbox may hold (the disk quota when <see cref="DataDirectory"/> is set).</summary>
    public long OutboxMaxBytes { get; init; } = Outbox.OutboxLimits.DefaultMaxBytes;

    public Outbox.OutboxFullPolicy OutboxFullPolicy { get; init; } = Outbox.OutboxFullPolicy.DropOldest;

    /// <summary>How often the retained online status (with health) is refreshed while connected.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMinutes(1);
}
