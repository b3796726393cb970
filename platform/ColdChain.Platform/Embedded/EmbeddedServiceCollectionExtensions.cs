namespace ColdChain.Platform.Embedded;

public static class EmbeddedServiceCollectionExtensions
{
    /// <summary>Runs MQTTnet's broker in-process when <c>Embedded:Broker:Enabled</c> (the default). Register before ingest so it listens first.</summary>
    public static IServiceCollection AddEmbeddedBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddedBrokerOptions>()
            .Bind(configuration.GetSection(EmbeddedBrokerOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => System.Net.IPAddress.TryParse(o.BindAddress, out _), "Embedded:Broker:BindAddress must be an IP address")
            .ValidateOnStart();

        if (configuration.GetSection(EmbeddedBrokerOptions.Section).GetValue("Enabled", defaultValue: true))
        {
            services.AddSingleton<EmbeddedBroker>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }

        return services;
    }
}
