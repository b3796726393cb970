using ColdChain.Ingest.DeadLetters.Influx;
using ColdChain.Ingest.DeadLetters.Sqlite;
using ColdChain.Ingest.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdChain.Ingest.DeadLetters;

public static class DeadLetterServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDeadLetterStore"/> (a singleton) on the same adapter as the telemetry store
    /// (<c>Storage:Kind</c>: <c>Sqlite</c> with <c>Storage:Sqlite:Path</c>, or <c>Influx</c> with <c>Storage:Influx:*</c>).
    /// <c>AddIngest</c> calls it; the platform calls it too to serve <c>GET /api/dead-letters</c>. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddDeadLetterStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(IDeadLetterStore)))
        {
            return services;
        }

        var kind = TelemetryStoreServiceCollectionExtensions.KindOf(configuration);
        services.AddStoreOptions(configuration, kind);
        if (kind == StoreKind.Influx)
        {
            services.AddInfluxClient<InfluxDeadLetterStore>();
            services.TryAddSingleton<IDeadLetterStore>(sp => sp.GetRequiredService<InfluxDeadLetterStore>());
        }
        else
        {
            services.TryAddSingleton<SqliteDeadLetterStore>();
            services.TryAddSingleton<IDeadLetterStore>(sp => sp.GetRequiredService<SqliteDeadLetterStore>());
        }

        return services;
    }
}
