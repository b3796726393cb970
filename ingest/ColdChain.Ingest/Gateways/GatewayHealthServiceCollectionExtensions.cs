using ColdChain.Ingest.Gateways.Influx;
using ColdChain.Ingest.Gateways.Sqlite;
using ColdChain.Ingest.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdChain.Ingest.Gateways;

public static class GatewayHealthServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IGatewayHealthStore"/> on the telemetry store's adapter (<c>Storage:Kind</c>). Idempotent.</summary>
    public static IServiceCollection AddGatewayHealthStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(IGatewayHealthStore)))
        {
            return services;
        }

        var kind = TelemetryStoreServiceCollectionExtensions.KindOf(configuration);
        services.AddStoreOptions(configuration, kind);
        if (kind == StoreKind.Influx)
        {
            services.AddInfluxClient<InfluxGatewayHealthStore>();
            services.TryAddSingleton<IGatewayHealthStore>(sp => sp.GetRequiredService<InfluxGatewayHealthStore>());
        }
        else
        {
            services.TryAddSingleton<SqliteGatewayHealthStore>();
            services.TryAddSingleton<IGatewayHealthStore>(sp => sp.GetRequiredService<SqliteGatewayHealthStore>());
        }

        return services;
    }
}
