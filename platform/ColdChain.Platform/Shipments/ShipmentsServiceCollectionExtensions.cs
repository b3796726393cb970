using ColdChain.Ingest.Sequencing;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Notifications;

namespace ColdChain.Platform.Shipments;

public static class ShipmentsServiceCollectionExtensions
{
    /// <summary>Shipments, handover checks and signatures, and the breach-notice deliveries with their worker.</summary>
    public static IServiceCollection AddShipments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShipmentsOptions>().Bind(configuration.GetSection(ShipmentsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.WebhookUrl is null || !string.IsNullOrEmpty(o.WebhookSecret), "Shipments:WebhookSecret is required when Shipments:WebhookUrl is set")
            .ValidateOnStart();
        services.AddAlarmNotifications(configuration); // breach e-mails use the alarm SMTP relay settings
        services.AddSequenceLedger(configuration);
        services.AddScoped<LegEvidenceSource>();
        services.AddScoped<HandoverChecks>();
        services.AddScoped<HandoverSigning>();
        services.AddScoped<BreachNotices>();
        services.AddHttpClient<NoticeSender>();
        services.AddSingleton<BreachNoticeWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<BreachNoticeWorker>());
        return services;
    }
}
