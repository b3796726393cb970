namespace ColdChain.Platform.Alarms.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    public static IServiceCollection AddAlarmNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailChannel>();
        services.AddHttpClient<WebhookChannel>();
        return services;
    }
}
