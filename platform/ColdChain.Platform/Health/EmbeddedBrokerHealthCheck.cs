using ColdChain.Platform.Embedded;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ColdChain.Platform.Health;

internal sealed class EmbeddedBrokerHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var broker = services.GetService<EmbeddedBroker>();
        var result = broker switch
        {
            null => HealthCheckResult.Healthy("external broker (embedded broker disabled)"),
            { IsRunning: true } => HealthCheckResult.Healthy($"embedded broker listening on port {broker.Port}"),
            _ => HealthCheckResult.Unhealthy("embedded broker is not running"),
        };
        return Task.FromResult(result);
    }
}
