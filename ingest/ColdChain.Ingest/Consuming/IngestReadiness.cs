using ColdChain.Ingest.Writing;
using Microsoft.Extensions.Hosting;

namespace ColdChain.Ingest.Consuming;

/// <summary>For readiness checks: whether the consumer's subscriptions are in place and the writer reaches the store.</summary>
public sealed class IngestReadiness(IEnumerable<IHostedService> hostedServices)
{
    /// <summary>True once subscribed, so nothing published from then on is missed.</summary>
    public bool IsSubscribed => hostedServices.OfType<TelemetryConsumer>().Any(c => c.IsSubscribed);

    /// <summary>False while the writer holds a batch because the store is unavailable (messages wait at the broker).</summary>
    public bool IsStoreAvailable => hostedServices.OfType<BatchingWriter>().All(w => w.IsStoreAvailable);
}
