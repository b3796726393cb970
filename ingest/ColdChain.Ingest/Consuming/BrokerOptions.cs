using System.ComponentModel.DataAnnotations;

namespace ColdChain.Ingest.Consuming;

/// <summary>Section <c>Ingest:Broker</c>.</summary>
public sealed class BrokerOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS with the system's trust store (the production broker); off for the loopback embedded broker.</summary>
    public bool UseTls { get; set; }
}
