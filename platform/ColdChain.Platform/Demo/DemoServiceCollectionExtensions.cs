using ColdChain.Edge.Simulation;
using ColdChain.Platform.Registry;

namespace ColdChain.Platform.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>
    /// Seeds the demo assets (through the configured-registry path), one account per role and an API key, and runs
    /// the simulated gateways against the broker at <paramref name="brokerHost"/>:<paramref name="brokerPort"/>, each with
    /// its durable outbox and sequence numbers under <paramref name="gatewayDataDirectory"/> so a restart continues them.
    /// Register after the registry so the assets exist when the driver is assigned a truck.
    /// </summary>
    public static IServiceCollection AddDemoFleet(this IServiceCollection services, string brokerHost, int brokerPort, TimeSpan interval, string gatewayDataDirectory)
    {
        services.Configure<RegistryOptions>(o => o.Assets.AddRange(DemoFleet.Assets));
        services.AddHostedService<DemoAccounts>();
        services.AddSimulatedFleet(new SimulatedFleet(brokerHost, brokerPort, DemoFleet.Gateways)
        {
            SampleInterval = interval,
            PublishInterval = interval,
            DataDirectory = gatewayDataDirectory,
        });
        return services;
    }
}
