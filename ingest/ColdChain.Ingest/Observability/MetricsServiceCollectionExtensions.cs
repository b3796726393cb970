using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ColdChain.Ingest.Observability;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>Every meter whose name starts with this is exported: ingest, platform, alarms, notifications.</summary>
    public const string MeterPrefix = "ColdChain.*";

    /// <summary>
    /// Exports every <c>ColdChain.*</c> meter (System.Diagnostics.Metrics) through OpenTelemetry's Prometheus exporter.
    /// Section <c>Metrics</c> (<see cref="MetricsOptions"/>). Map the endpoint with <see cref="MapColdChainMetrics"/>.
    /// </summary>
    /// <param name="serviceName">Reported as <c>service_name</c> in <c>target_info</c>: <c>coldchain-ingest</c>, <c>coldchain-platform</c>.</param>
    public static IServiceCollection AddColdChainMetrics(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, LocalPortMatcherPolicy>());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics.AddMeter(MeterPrefix).AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// Maps <c>GET /metrics</c> on the <c>Metrics:Url</c> port only (the API's port answers 404 for it), anonymous like
    /// the health probes: the listener's address is the protection. Nothing is mapped when <c>Metrics:Url</c> is empty.
    /// </summary>
    public static IEndpointRouteBuilder MapColdChainMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is { } port)
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new LocalPortMetadata(port)).AllowAnonymous();
        }

        return endpoints;
    }
}
