using ColdChain.Ingest.Observability;
using ColdChain.Ingest.Sequencing;

namespace ColdChain.Platform.Observability;

/// <summary>
/// <c>/metrics</c> for the platform: every <c>ColdChain.*</c> meter (in-process ingest, alarms, notifications, and the
/// sequence-gap gauges here) in Prometheus format, on its own listener <c>Metrics:Url</c> (e.g.
/// <c>http://127.0.0.1:9464</c>). Off when that is empty; the API's port never serves it.
/// </summary>
public static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddPlatformObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var metricsUrl = configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Url)}"];
        if (string.IsNullOrWhiteSpace(metricsUrl))
        {
            return builder; // no exporter: the meters cost nothing while nobody listens
        }

        builder.Services.AddColdChainMetrics(configuration, "coldchain-platform");

        // A second listener beside the API's (which keeps its default when none is configured).
        var apiUrls = configuration[WebHostDefaults.ServerUrlsKey];
        builder.WebHost.UseUrls($"{(string.IsNullOrWhiteSpace(apiUrls) ? PlatformApp.DefaultUrl : apiUrls)};{metricsUrl}");
        builder.Services.AddSequenceLedger(configuration);
        builder.Services.AddSingleton<SequenceGapGauges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SequenceGapGauges>());
        return builder;
    }

    public static IEndpointRouteBuilder MapPlatformObservability(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapColdChainMetrics();
    }
}
