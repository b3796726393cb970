using Microsoft.Extensions.Hosting;

namespace ColdChain.Ingest.Consuming;

/// <summary>For readiness checks: true once the consumer's subscriptions are in place, so nothing published from then on is missed.</summary>
public sealed class IngestReadiness(IEnumerable<IHostedService> hostedServices)
{
    public bool IsSubscribed => hostedServices.OfType<TelemetryConsumer>().Any(c => c.IsSubscribed);
}
