namespace ColdChain.Edge.Uplink;

/// <summary>Where and as whom one gateway's MQTT session connects; client id = gateway id.</summary>
internal sealed record UplinkSettings(string Site, string GatewayId, string Host, int Port)
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connect or publish may take before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan ReconnectFirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectLongestDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A simulated network loss: the session is dropped for this window and the gateway catches up after.</summary>
    public OfflineWindow? OfflineWindow { get; init; }
}
