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

    /// <summary>Where each gateway keeps its last sequence numbers (<c>{DataDirectory}/{GatewayId}/</c>); null keeps them in memory only.</summary>
    public string? DataDirectory { get; init; }

    public string? BrokerUsername { get; init; }

    public string? BrokerPassword { get; init; }

    /// <summary>Batches held while the broker is unreachable; beyond it the oldest batch is dropped (and logged).</summary>
    public int OutboxCapacity { get; init; } = Outbox.MemoryOutbox.DefaultCapacity;

    /// <summary>How often the retained online status (with health) is refreshed while connected.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMinutes(1);
}
