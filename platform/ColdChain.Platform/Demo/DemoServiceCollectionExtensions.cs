using ColdChain.Edge.Simulation;
using ColdChain.Platform.Registry;

namespace ColdChain.Platform.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>Registers the demo assets and runs the simulated gateways against the broker at <paramref name="brokerHost"/>:<paramref name="brokerPort"/>.</summary>
    public static IServiceCollection AddDemoFleet(this IServiceCollection services, string brokerHost, int brokerPort, TimeSpan interval)
    {
        services.Configure<RegistryOptions>(o => o.Assets.AddRange(DemoFleet.Assets));
        services.AddSimulatedFleet(new SimulatedFleet(brokerHost, brokerPort, DemoFleet.Gateways)
        {
            SampleInterval = interval,
            PublishInterval = interval,
        });
        return services;
    }
}
