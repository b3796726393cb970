using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ColdChain.Ingest.Storage;

/// <summary>
/// Prepares the store when the host starts (SQLite tables, the InfluxDB database). A store that is not reachable yet
/// does not stop the host: every write ensures the schema again, and ingest does not acknowledge until a write succeeds.
/// </summary>
internal sealed class TelemetryStoreStartup(ITelemetryStore store, ILogger<TelemetryStoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is not IStoreSchema schema)
        {
            return;
        }

        try
        {
            await schema.EnsureCreatedAsync(cancellationToken);
            StorageLog.StoreReady(logger, store.GetType().Name);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            StorageLog.StoreNotReadyAtStart(logger, store.GetType().Name, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
