namespace ColdChain.Platform.Alarms.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The e-mail and webhook channels with their settings. Alarms, security alerts and shipment notices all use them,
    /// so each of those registrations calls this; only the first call registers.
    /// </summary>
    public static IServiceCollection AddAlarmNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(EmailChannel)))
        {
            return services;
        }

        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailChannel>();
        services.AddHttpClient<WebhookChannel>();
        return services;
    }
}
