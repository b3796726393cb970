using ColdChain.Ingest.Storage.Influx;
using ColdChain.Ingest.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdChain.Ingest.Storage;

public static class TelemetryStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITelemetryStore"/> (a singleton) as chosen by <c>Storage:Kind</c>: <c>Sqlite</c> (default,
    /// <c>Storage:Sqlite:Path</c>) or <c>Influx</c> (<c>Storage:Influx:Url/Database/Username/Password/Token</c>).
    /// The store's schema is created when the host starts.
    /// </summary>
    public static IServiceCollection AddTelemetryStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The adapter is chosen now, at registration, so the wrong one's options are never demanded.
        switch (KindOf(configuration))
        {
            case StoreKind.Influx:
                services.AddStoreOptions(configuration, StoreKind.Influx);
                services.AddInfluxClient<InfluxTelemetryStore>();
                services.AddSingleton<ITelemetryStore>(sp => sp.GetRequiredService<InfluxTelemetryStore>());
                break;
            default:
                services.AddStoreOptions(configuration, StoreKind.Sqlite);
                services.AddSingleton<SqliteTelemetryStore>();
                services.AddSingleton<ITelemetryStore>(sp => sp.GetRequiredService<SqliteTelemetryStore>());
                break;
        }

        services.AddHostedService<TelemetryStoreStartup>();
        return services;
    }

    /// <summary>Binds the chosen adapter's options once, however many of the stores (telemetry, dead letters, receipts) ask.</summary>
    internal static IServiceCollection AddStoreOptions(this IServiceCollection services, IConfiguration configuration, StoreKind kind)
    {
        if (services.Any(d => d.ServiceType == typeof(StoreOptionsBound) && Equals(d.ImplementationInstance, new StoreOptionsBound(kind))))
        {
            return services;
        }

        services.AddSingleton(new StoreOptionsBound(kind));
        if (kind == StoreKind.Influx)
        {
            services.AddOptions<InfluxStoreOptions>()
                .Bind(configuration.GetSection(InfluxStoreOptions.Section))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }
        else
        {
            services.AddOptions<SqliteStoreOptions>()
                .Bind(configuration.GetSection(SqliteStoreOptions.Section))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        return services;
    }

    /// <summary>
    /// A typed HttpClient for an InfluxDB adapter. The adapters are singletons holding their client for the process's
    /// life, so the handler is never rotated; pooled connections are recycled instead, which keeps DNS changes visible.
    /// </summary>
    internal static void AddInfluxClient<TClient>(this IServiceCollection services)
        where TClient : class =>
        services.AddHttpClient<TClient>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

    /// <summary>The adapter kind <c>Storage:Kind</c> names; the dead-letter store and the sequence ledger follow it too.</summary>
    internal static StoreKind KindOf(IConfiguration configuration)
    {
        var text = configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Kind)}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return StoreKind.Sqlite;
        }

        return Enum.TryParse<StoreKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new InvalidOperationException($"Storage:Kind '{text}' is not one of: {string.Join(", ", Enum.GetNames<StoreKind>())}");
    }

    /// <summary>Marks that a kind's options are bound, so a second AddXyz does not bind and validate them twice.</summary>
    private sealed record StoreOptionsBound(StoreKind Kind);
}
