namespace ColdChain.Protocol.Topics;

/// <summary>Transport settings every ColdChain MQTT client shares.</summary>
public static class MqttSocket
{
    /// <summary>
    /// Socket send and receive buffer each client asks for. MQTTnet pins both at 8 KB unless told: less than one
    /// loopback segment (64 KB), so once a subscriber's receive window closed it never reopened by a full segment and
    /// mosquitto fell back to zero-window probes, about 17 messages a second. The kernel caps the request at
    /// net.core.rmem_max / wmem_max (about 208 KB by default), still well above a segment.
    /// </summary>
    public const int BufferBytes = 1 << 20;
}
