using ColdChain.Ingest.Consuming;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace ColdChain.Ingest.Writing;

/// <summary>
/// Polly around every store write: a few quick retries with exponential backoff and jitter for a blip, and a circuit
/// breaker so that during an outage the store is probed now and then instead of hammered by every batch.
/// </summary>
internal static class StoreResilience
{
    public static ResiliencePipeline Build(WriterOptions options, TimeProvider time, IngestMetrics metrics, ILogger logger)
    {
        var transient = new PredicateBuilder().Handle<Exception>(StoreFailures.IsTransient);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.RetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    metrics.WriteRetried();
                    WriterLog.Retrying(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    WriterLog.CircuitOpened(logger, args.BreakDuration);
                    return default;
                },
                OnClosed = _ =>
                {
                    WriterLog.CircuitClosed(logger);
                    return default;
                },
            })
            .Build();
    }
}
