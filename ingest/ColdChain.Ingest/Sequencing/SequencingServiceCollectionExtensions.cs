using ColdChain.Ingest.Sequencing.Influx;
using ColdChain.Ingest.Sequencing.Sqlite;
using ColdChain.Ingest.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdChain.Ingest.Sequencing;

public static class SequencingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISequenceLedger"/> (batch receipts and coverage gaps) on the telemetry store's adapter
    /// (<c>Storage:Kind</c>). <c>AddIngest</c> calls it; reports and handover checks call it to read gaps. Idempotent.
    /// </summary>
    public static IServiceCollection AddSequenceLedger(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ISequenceLedger)))
        {
            return services;
        }

        var kind = TelemetryStoreServiceCollectionExtensions.KindOf(configuration);
        services.AddStoreOptions(configuration, kind);
        if (kind == StoreKind.Influx)
        {
            services.AddInfluxClient<InfluxSequenceLedger>();
            services.TryAddSingleton<ISequenceLedger>(sp => sp.GetRequiredService<InfluxSequenceLedger>());
        }
        else
        {
            services.TryAddSingleton<SqliteSequenceLedger>();
            services.TryAddSingleton<ISequenceLedger>(sp => sp.GetRequiredService<SqliteSequenceLedger>());
        }

        return services;
    }
}
