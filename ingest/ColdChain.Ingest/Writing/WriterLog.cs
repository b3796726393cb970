using Microsoft.Extensions.Logging;

namespace ColdChain.Ingest.Writing;

internal static partial class WriterLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Stored a batch of {Messages} messages ({Readings} readings, {DeadLetters} dead letters)")]
    public static partial void BatchStored(ILogger logger, int messages, int readings, int deadLetters);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "A store write failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "The store is unavailable: holding a batch of {Messages} messages unacknowledged (the broker keeps them) and trying again in {Delay}")]
    public static partial void Holding(ILogger logger, int messages, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Circuit to the store opened for {Duration}: writes pause")]
    public static partial void CircuitOpened(ILogger logger, TimeSpan duration);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Circuit to the store closed: writes resume")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "The store refused a batch for good; writing its {Messages} messages one by one to find the bad one")]
    public static partial void Splitting(ILogger logger, int messages, Exception exception);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "The store refused the readings of a message on {Topic} for good; dead-lettering it")]
    public static partial void RefusedForGood(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Debug, Message = "Could not acknowledge a message on {Topic}; the broker will redeliver it")]
    public static partial void AcknowledgeFailed(ILogger logger, string topic, Exception exception);
}
