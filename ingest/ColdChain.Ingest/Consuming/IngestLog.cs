using Microsoft.Extensions.Logging;

namespace ColdChain.Ingest.Consuming;

internal static partial class IngestLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected a message on {Topic} ({Reason}): {Detail}")]
    public static partial void Rejected(ILogger logger, string topic, string reason, string detail);



    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Connected to MQTT broker {Host}:{Port} as {ClientId} (session present: {SessionPresent}); subscribed to {Filters}")]
    public static partial void Connected(ILogger logger, string host, int port, string clientId, bool sessionPresent, string filters);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "MQTT connection to {Host}:{Port} failed or dropped; reconnecting in {Delay}")]
    public static partial void ConnectionLost(ILogger logger, string host, int port, TimeSpan delay, Exception? exception);


}
