using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;
using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdChain.Ingest.Tests.Consuming;

/// <summary>The ingest pipeline wired by <c>AddIngest</c> around a given store, started like a host starts it.</summary>
internal sealed class IngestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;
    private readonly MeterListener _listener = new();
    private long _rejected;

    private IngestHost(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "coldchain.ingest.messages.rejected")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _rejected, value));
        _listener.Start();
    }

    public long Rejected => Interlocked.Read(ref _rejected);

    public IServiceProvider Services => _services;

    /// <param name="dataPath">The SQLite file of the dead-letter store and the batch receipts (a temp file when null).</param>
    /// <param name="shareGroup">Instances given the same group split the load; by default each host has its own.</param>
    public static async Task<IngestHost> StartAsync(
        ITelemetryStore store, int brokerPort, string clientId, bool sharedSubscription = true, string? dataPath = null, string? shareGroup = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Ingest:Broker:Host"] = "127.0.0.1",
            ["Ingest:Broker:Port"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingest:ClientId"] = clientId,
            ["Ingest:UseSharedSubscription"] = sharedSubscription ? "true" : "false",

            // mosquitto's round-robin includes offline members of a group: earlier tests' sessions would take a share.
            ["Ingest:ShareGroup"] = shareGroup ?? $"ingest-{clientId}",
            ["Ingest:ReconnectDelay"] = "00:00:00.100",
            ["Ingest:MaxReconnectDelay"] = "00:00:00.500",
            ["Ingest:Writer:RetryDelay"] = "00:00:00.020",
            ["Ingest:Writer:MaxHoldDelay"] = "00:00:00.200",
            ["Ingest:Writer:BreakDuration"] = "00:00:00.500",
            ["Storage:Sqlite:Path"] = dataPath ?? Path.Combine(Path.GetTempPath(), $"coldchain-ingest-host-{Guid.NewGuid():N}.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Information))
            .AddSingleton(store)
            .AddIngest(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var host = new IngestHost(services);
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        // Publishing before the subscription exists would lose the message (no session yet): wait for it.
        var consumer = host._hosted.OfType<TelemetryConsumer>().Single();
        await ColdChain.Testing.Eventually.TrueAsync(() => consumer.IsSubscribed, TimeSpan.FromSeconds(20), "ingest subscribed");

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_hosted))
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        _listener.Dispose();
        await _services.DisposeAsync();
    }
}
