using ColdChain.Platform.Alarms.Monitoring;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ColdChain.Platform.Health;

/// <summary>
/// Degraded, not unhealthy, while the monitor is not subscribed: in the production stack mosquitto starts only once the
/// platform is healthy, and ingest after mosquitto, so an unhealthy platform would wait for itself.
/// </summary>
internal sealed class AlarmMonitorHealthCheck(AlarmMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(monitor.IsSubscribed
            ? HealthCheckResult.Healthy($"alarm monitor {monitor.SubscriptionStatus}")
            : HealthCheckResult.Degraded($"alarm monitor {monitor.SubscriptionStatus}"));
}
