using Microsoft.Extensions.Logging;

namespace ColdChain.Ingest.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Telemetry store ready: {Store}")]
    public static partial void StoreReady(ILogger logger, string store);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Telemetry store not ready at start ({Store}); ingest retries on each message")]
    public static partial void StoreNotReadyAtStart(ILogger logger, string store, Exception exception);
}
