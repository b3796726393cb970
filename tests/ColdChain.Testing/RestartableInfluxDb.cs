using System.Globalization;
using System.Net;

namespace ColdChain.Testing;

/// <summary>
/// A real influxd like <see cref="InfluxDbServer"/>, which can also be stopped and started again on the same ports with
/// the same data: for the store-outage proofs (ingest must hold its batches, then drain, losing nothing).
/// </summary>
public sealed class RestartableInfluxDb : IAsyncDisposable
{
    private readonly TempFolder _folder = new("coldchain-influxd-restartable");
    private ServerProcess? _process;

    private RestartableInfluxDb(int httpPort, int rpcPort)
    {
        Port = httpPort;
        RpcPort = rpcPort;
    }

    public int Port { get; }

    public int RpcPort { get; }

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RestartableInfluxDb> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new RestartableInfluxDb(FreePort.Next(), FreePort.Next());
        server.WriteConfig();
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("influxd is already running");
        }

        _process = ServerProcess.Start("influxd", $"run -config {_folder.Combine("influxdb.conf")}", _folder.Path);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited before it answered /ping\n{_process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "ping"), deadline.Token);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One ping timed out; try again.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>SIGTERM: influxd closes its files; its data and WAL stay for <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(30)) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _folder.Dispose();
    }

    private void WriteConfig()
    {
        static string Quoted(string text) => $"\"{text}\"";
        var config = string.Join('\n',
            "reporting-disabled = true",
            $"bind-address = {Quoted($"127.0.0.1:{RpcPort.ToString(CultureInfo.InvariantCulture)}")}",
            "[meta]",
            $"  dir = {Quoted(_folder.Combine("meta"))}",
            "  logging-enabled = false",
            "[data]",
            $"  dir = {Quoted(_folder.Combine("data"))}",
            $"  wal-dir = {Quoted(_folder.Combine("wal"))}",
            "  query-log-enabled = false",
            "[monitor]",
            "  store-enabled = false",
            "[http]",
            "  enabled = true",
            $"  bind-address = {Quoted($"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}")}",
            "  log-enabled = false",
            "  pprof-enabled = false",
            "[logging]",
            "  level = \"warn\"",
            "  suppress-logo = true",
            "[continuous_queries]",
            "  enabled = false",
            "[subscriber]",
            "  enabled = false",
            string.Empty);
        File.WriteAllText(_folder.Combine("influxdb.conf"), config);
    }
}
