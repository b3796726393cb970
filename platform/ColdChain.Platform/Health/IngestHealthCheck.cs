using ColdChain.Ingest.Consuming;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ColdChain.Platform.Health;

internal sealed class IngestHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = services.GetService<IngestReadiness>() switch
        {
            null => HealthCheckResult.Healthy("ingest runs as its own service"),
            { IsSubscribed: true } => HealthCheckResult.Healthy("ingest subscribed to telemetry and events"),
            _ => HealthCheckResult.Unhealthy("ingest is not subscribed to the broker"),
        };
        return Task.FromResult(result);
    }
}
