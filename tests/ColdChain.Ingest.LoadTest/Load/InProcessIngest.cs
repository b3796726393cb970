using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>
/// The ingest pipeline exactly as <c>AddTelemetryStore</c> + <c>AddIngest</c> wire it, hosted in this process so its
/// meter can be read: readings stored and the measurement-to-stored latency of every message.
/// </summary>
public sealed class InProcessIngest : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<double> _latencies = new();
    private long _stored;
    private long _deadLetters;
    private volatile bool _recordLatency;
    private int _disposed;

    private InProcessIngest(ServiceProvider services)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "ColdChain.Ingest"
                && instrument.Name is "coldchain.ingest.readings.stored" or "coldchain.ingest.dead_letters" or "coldchain.ingest.store.latency")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "coldchain.ingest.readings.stored")
            {
                Interlocked.Add(ref _stored, value);
            }
            else
            {
                Interlocked.Add(ref _deadLetters, value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            if (_recordLatency)
            {
                _latencies.Enqueue(value);
            }
        });
        _listener.Start();
    }

    public long Stored => Interlocked.Read(ref _stored);

    public long DeadLetters => Interlocked.Read(ref _deadLetters);

    public IngestReadiness Readiness => _services.GetRequiredService<IngestReadiness>();

    public static async Task<InProcessIngest> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true))
            .AddTelemetryStore(configuration)
            .AddIngest(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var ingest = new InProcessIngest(services);
        foreach (var hosted in ingest._hosted)
        {
            await hosted.StartAsync(cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!ingest.Readiness.IsSubscribed)
        {
            await Task.Delay(50, deadline.Token);
        }

        return ingest;
    }

    /// <summary>Starts keeping latency samples (after warm-up) and returns them when asked.</summary>
    public void RecordLatency(bool on)
    {
        _recordLatency = on;
    }

    public double[] Latencies() => [.. _latencies];

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var hosted in Enumerable.Reverse(_hosted))
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        _listener.Dispose();
        await _services.DisposeAsync();
    }
}
