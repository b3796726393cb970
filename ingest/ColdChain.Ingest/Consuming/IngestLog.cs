using Microsoft.Extensions.Logging;

namespace ColdChain.Ingest.Consuming;

internal static partial class IngestLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected a message on {Topic} ({Reason}): {Detail}")]
    public static partial void Rejected(ILogger logger, string topic, string reason, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Stored {Count} readings from {Topic}")]
    public static partial void Stored(ILogger logger, int count, string topic);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "The telemetry store failed a write from {Topic}; the message stays unacknowledged and comes back after reconnecting")]
    public static partial void StoreFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Connected to MQTT broker {Host}:{Port} as {ClientId} (session present: {SessionPresent}); subscribed to {Filters}")]
    public static partial void Connected(ILogger logger, string host, int port, string clientId, bool sessionPresent, string filters);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "MQTT connection to {Host}:{Port} failed or dropped; reconnecting in {Delay}")]
    public static partial void ConnectionLost(ILogger logger, string host, int port, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Reconnecting in {Delay} so the broker redelivers the unacknowledged messages after a store failure")]
    public static partial void ReconnectingAfterStoreFailure(ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Could not acknowledge a message on {Topic}; the broker will redeliver it")]
    public static partial void AcknowledgeFailed(ILogger logger, string topic, Exception exception);
}
