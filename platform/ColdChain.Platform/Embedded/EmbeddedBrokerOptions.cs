using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ColdChain.Platform.Embedded;

/// <summary>The in-process MQTT broker of the embedded mode (section <c>Embedded:Broker</c>).</summary>
public sealed class EmbeddedBrokerOptions
{
    public const string Section = "Embedded:Broker";

    /// <summary>Off in the production stack, where mosquitto or EMQX is the broker.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Loopback by default. A small site whose Pi gateways connect over the LAN sets its LAN address here.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    internal IPAddress ParsedBindAddress => IPAddress.Parse(BindAddress);
}
