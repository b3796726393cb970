using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Writing;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ingest pipeline: a hosted MQTT consumer that subscribes to telemetry, events and status, and a batching
    /// writer that stores them in <see cref="Storage.ITelemetryStore"/> (register it with <c>AddTelemetryStore</c>),
    /// refused messages in <see cref="IDeadLetterStore"/>, batch receipts in <see cref="ISequenceLedger"/> and gateway status in
    /// <see cref="IGatewayHealthStore"/> (all three
    /// registered here on <c>Storage:Kind</c> unless already registered). Section <c>Ingest</c>: <c>Broker:Host</c>
    /// (127.0.0.1), <c>Broker:Port</c> (1883), <c>Broker:Username/Password/UseTls</c>, <c>ClientId</c>,
    /// <c>UseSharedSubscription</c> (true; false for MQTTnet's embedded broker), <c>ShareGroup</c> ("ingest"),
    /// <c>ReceiveMaximum</c>, <c>Writer:*</c> (<see cref="WriterOptions"/>), <c>Validation:*</c> (<see cref="Validating.ValidationOptions"/>).
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
        services.AddDeadLetterStore(configuration);
        services.AddSequenceLedger(configuration);
        services.AddGatewayHealthStore(configuration);
        services.TryAddSingleton(sp => new MessageValidator(
            sp.GetRequiredService<IOptions<IngestOptions>>().Value.Validation.ToLimits(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IngestMetrics>();
        services.TryAddSingleton<MessageIngestor>();

        // The writer is registered first so it starts before the consumer and stops after it.
        services.TryAddSingleton<BatchingWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchingWriter>());
        services.AddHostedService<TelemetryConsumer>();
        services.TryAddSingleton<IngestReadiness>();
        return services;
    }
}
