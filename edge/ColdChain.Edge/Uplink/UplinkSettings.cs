namespace ColdChain.Edge.Uplink;

/// <summary>Where and as whom one gateway's MQTT session connects; client id = gateway id.</summary>
internal sealed record UplinkSettings(string Site, string GatewayId, string Host, int Port)
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public bool UseTls { get; init; }

    public string? CaFile { get; init; }

    public string? ClientCertificateFile { get; init; }

    public string? ClientKeyFile { get; init; }

    /// <summary>Set: a persistent MQTT 5 session (clean start off) that the broker keeps this long; null: a clean session each connect.</summary>
    public TimeSpan? SessionExpiry { get; init; }

    /// <summary>Subscribe to this gateway's <c>config</c> and <c>alerts</c> topics (real gateways; the simulator does not).</summary>
    public bool ReceiveConfigAndAlerts { get; init; }

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connect or publish may take before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan ReconnectFirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectLongestDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A simulated network loss: the session is dropped for this window and the gateway catches up after.</summary>
    public OfflineWindow? OfflineWindow { get; init; }
}
