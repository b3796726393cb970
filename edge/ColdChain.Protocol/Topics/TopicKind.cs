namespace ColdChain.Protocol.Topics;

/// <summary>The last level of a ColdChain topic: what the message is about.</summary>
public enum TopicKind
{
    Telemetry,
    Events,
    Status,
    Config,
    Alerts,
}
