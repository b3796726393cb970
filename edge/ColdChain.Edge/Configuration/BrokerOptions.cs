namespace ColdChain.Edge.Configuration;

/// <summary><c>Gateway:Broker</c>: the MQTT broker this gateway publishes to.</summary>
internal sealed class BrokerOptions
{
    /// <summary>Loopback by default: pointing a gateway at a remote broker is a deliberate act.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS to the broker (port 8883 by convention).</summary>
    public bool UseTls { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate; unset: the system's trust store.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate and key, for brokers that authenticate gateways by certificate.</summary>
    public string? ClientCertificateFile { get; set; }

    public string? ClientKeyFile { get; set; }

    /// <summary>MQTT 5 session expiry: the broker keeps the subscription to <c>config</c>/<c>alerts</c> and what came meanwhile across a reconnect.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);
}
