using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ColdChain.Edge.Simulation;

public static class SimulationServiceCollectionExtensions
{
    /// <summary>
    /// Registers a hosted service that runs every gateway of <paramref name="fleet"/> against its broker, on the
    /// <see cref="TimeProvider"/> from DI (the system clock unless one is registered).
    /// </summary>
    public static IServiceCollection AddSimulatedFleet(this IServiceCollection services, SimulatedFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        Validate(fleet);
        return services.AddSimulatedFleet(_ => fleet);
    }

    /// <summary>The same, with the fleet made from configuration when the host starts (after options validation).</summary>
    internal static IServiceCollection AddSimulatedFleet(this IServiceCollection services, Func<IServiceProvider, SimulatedFleet> fleet)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IHostedService>(sp => new SimulatedFleetService(
            fleet(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    /// <summary>A bad fleet (an id MQTT or InfluxDB cannot carry, a zero interval) fails at registration, not at the first publish.</summary>
    internal static void Validate(SimulatedFleet fleet)
    {
        if (fleet.SampleInterval <= TimeSpan.Zero || fleet.PublishInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("SampleInterval and PublishInterval must be positive", nameof(fleet));
        }

        if (fleet.BrokerPort is < 1 or > 65535)
        {
            throw new ArgumentException($"BrokerPort {fleet.BrokerPort} is not a TCP port", nameof(fleet));
        }

        foreach (var gateway in fleet.Gateways)
        {
            Protocol.Identifiers.EnsureValid(gateway.Site, nameof(gateway.Site));
            Protocol.Identifiers.EnsureValid(gateway.GatewayId, nameof(gateway.GatewayId));
            foreach (var asset in gateway.Assets)
            {
                // The door sensor id is the longest derived id: it must fit too.
                Protocol.Identifiers.EnsureValid(asset.AssetId, nameof(asset.AssetId));
                Protocol.Identifiers.EnsureValid(asset.DoorSensorId, nameof(asset.DoorSensorId));
            }
        }

        var duplicate = fleet.Gateways.GroupBy(g => g.GatewayId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"gateway id '{duplicate.Key}' appears twice: it is the MQTT client id, so the two would push each other off the broker", nameof(fleet));
        }
    }
}
