namespace ColdChain.Edge.Configuration;

/// <summary><c>Gateway:Broker</c>: the MQTT broker this gateway publishes to.</summary>
internal sealed class BrokerOptions
{
    /// <summary>Loopback by default: pointing a gateway at a remote broker is a deliberate act.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }
}
