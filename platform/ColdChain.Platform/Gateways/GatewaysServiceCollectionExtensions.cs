namespace ColdChain.Platform.Gateways;

public static class GatewaysServiceCollectionExtensions
{
    public static IServiceCollection AddGateways(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayBrokerOptions>()
            .Bind(configuration.GetSection(GatewayBrokerOptions.Section))
            .Validate(o => o.ServiceAccounts.All(s => !string.IsNullOrWhiteSpace(s.Username) && s.PasswordHash.StartsWith("$7$", StringComparison.Ordinal)),
                "Gateways:ServiceAccounts: each needs a Username and a mosquitto $7$ PasswordHash")
            .ValidateOnStart();
        services.AddOptions<GatewayPublisherOptions>()
            .Bind(configuration.GetSection(GatewayPublisherOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<GatewayConfigPublisher>();
        services.AddScoped<GatewayConfigs>();
        services.AddScoped<GatewayCredentials>();
        services.AddSingleton<GatewayAuthenticator>();
        return services;
    }
}
