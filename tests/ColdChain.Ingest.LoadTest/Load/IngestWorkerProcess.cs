using ColdChain.Testing;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>The standalone ingest worker (<c>ColdChain.Ingest.dll</c>) as a child process: the thing kill -9 hits.</summary>
public sealed class IngestWorkerProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private IngestWorkerProcess(ServerProcess process, Uri? metrics)
    {
        _process = process;
        MetricsUrl = metrics;
    }

    public string Output => _process.Output;

    /// <summary>The worker's <c>/metrics</c> (from its <c>Metrics:Url</c>), or null when the settings gave none.</summary>
    public Uri? MetricsUrl { get; }

    public static async Task<IngestWorkerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ColdChain.Ingest.dll");
        var process = ServerProcess.Start("dotnet", $"\"{dll}\" {IngestSettings.CommandLine(settings)}", AppContext.BaseDirectory);
        var metrics = settings.TryGetValue("Metrics:Url", out var url) && url is not null ? new Uri(new Uri(url), "/metrics") : null;
        var worker = new IngestWorkerProcess(process, metrics);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!worker.Output.Contains("Connected to MQTT broker", StringComparison.Ordinal))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the ingest worker exited at start:\n{worker.Output}");
            }

            await Task.Delay(50, deadline.Token);
        }

        return worker;
    }

    /// <summary>SIGKILL: no flush, no DISCONNECT; whatever was received and not acknowledged must come back.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
