using ColdChain.Ingest.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ColdChain.Platform.Health;

internal sealed class TelemetryStoreHealthCheck(ITelemetryStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsReadyAsync(cancellationToken)
            ? HealthCheckResult.Healthy("telemetry store answers")
            : HealthCheckResult.Unhealthy("telemetry store does not answer");
}
