using ColdChain.Ingest.Consuming;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdChain.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ingest pipeline: a hosted MQTT consumer that subscribes to telemetry and events and writes them
    /// to <see cref="Storage.ITelemetryStore"/> (register it with <c>AddTelemetryStore</c>). Section <c>Ingest</c>:
    /// <c>Broker:Host</c> (127.0.0.1), <c>Broker:Port</c> (1883), <c>Broker:Username/Password/UseTls</c>, <c>ClientId</c>,
    /// <c>UseSharedSubscription</c> (true; false for MQTTnet's embedded broker), <c>ShareGroup</c> ("ingest").
    /// </summary>
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<IngestOptions>()
            .Bind(configuration.GetSection(IngestOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => new MessageValidator(ValidationLimits.Default, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IngestMetrics>();
        services.TryAddSingleton<MessageIngestor>();
        services.AddHostedService<TelemetryConsumer>();
        services.TryAddSingleton<IngestReadiness>();
        return services;
    }
}
