using ColdChain.Ingest.Sequencing;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Notifications;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Shipments;

public static class ShipmentsServiceCollectionExtensions
{
    /// <summary>
    /// Shipments, handover checks and signatures, breach notices and the in-transit budget watch. Notices go through
    /// the alarm notification queue (<c>AddAlarms</c> runs its worker); the order platform is its named webhook
    /// endpoint <see cref="BreachNotices.OrderPlatform"/>.
    /// </summary>
    public static IServiceCollection AddShipments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShipmentsOptions>().Bind(configuration.GetSection(ShipmentsOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.WebhookUrl is null || !string.IsNullOrEmpty(o.WebhookSecret), "Shipments:WebhookSecret is required when Shipments:WebhookUrl is set")
            .Validate(o => o.TransitWatchInterval > TimeSpan.Zero, "Shipments:TransitWatchInterval must be positive")
            .ValidateOnStart();
        services.AddAlarmNotifications(configuration);
        services.AddOptions<WebhookOptions>(BreachNotices.OrderPlatform).Configure<IOptions<ShipmentsOptions>>((webhook, shipments) =>
        {
            webhook.Url = shipments.Value.WebhookUrl;
            webhook.Secret = shipments.Value.WebhookSecret;
            webhook.Timeout = shipments.Value.WebhookTimeout;
        });
        services.AddSequenceLedger(configuration);
        services.AddSingleton<LegReadingsCache>();
        services.AddScoped<LegEvidenceSource>();
        services.AddScoped<HandoverChecks>();
        services.AddScoped<HandoverSigning>();
        services.AddScoped<BreachNotices>();
        services.AddSingleton<TransitBudgetWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<TransitBudgetWatch>());
        return services;
    }
}
