using System.Globalization;
using System.Net;

namespace ColdChain.Testing;

/// <summary>
/// A real InfluxDB 1.x (<c>influxd</c>) on free 127.0.0.1 ports (HTTP and the backup RPC), with its meta, data and WAL
/// in its own temp folder. Tests use a fresh database each (<see cref="NewDatabaseName"/>), so one server serves a fixture.
/// </summary>
public sealed class InfluxDbServer : IAsyncDisposable
{
    private readonly TempFolder _folder = new("coldchain-influxd");
    private readonly TimeSpan? _snapshotColdAfter;
    private ServerProcess? _process;

    private InfluxDbServer(int httpPort, int rpcPort, TimeSpan? snapshotColdAfter)
    {
        Port = httpPort;
        RpcPort = rpcPort;
        _snapshotColdAfter = snapshotColdAfter;
    }

    public int Port { get; }

    public int RpcPort { get; }

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public string Output => _process?.Output ?? string.Empty;

    /// <param name="snapshotColdAfter">
    /// How soon a shard nobody writes to moves its points from the in-memory cache into TSM files (influxd's
    /// <c>cache-snapshot-write-cold-duration</c>, 10 minutes by default). Benchmarks set it short and
    /// <see cref="WaitForSnapshotAsync"/>: in production all but the last minutes of a leg are read from TSM files,
    /// which costs influxd more than reading its cache.
    /// </param>
    public static async Task<InfluxDbServer> StartAsync(CancellationToken cancellationToken = default, TimeSpan? snapshotColdAfter = null)
    {
        var server = new InfluxDbServer(FreePort.Next(), FreePort.Next(), snapshotColdAfter);
        server.WriteConfig();
        server._process = ServerProcess.Start("influxd", $"run -config {server._folder.Combine("influxdb.conf")}", server._folder.Path);
        try
        {
            await server.WaitForPingAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"influxd did not start: {e.Message}\n{output}", e);
        }

        return server;
    }

    /// <summary>Waits until influxd has written every point to TSM files: its write-ahead log holds nothing any more.</summary>
    public async Task WaitForSnapshotAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var wal = _folder.Combine("wal");
        while (Directory.Exists(wal) && Directory.EnumerateFiles(wal, "*.wal", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"influxd still held points in its write-ahead log after {timeout}");
            }
        }
    }

    /// <summary>A database name no other test uses; the store under test creates it.</summary>
    public static string NewDatabaseName() => $"test_{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _folder.Dispose();
    }

    /// <summary>InfluxDB answers <c>/ping</c> with 204 once it serves writes and queries.</summary>
    private async Task WaitForPingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException("influxd exited before it answered /ping");
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
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"influxd did not answer /ping on {Url} within {timeout}");
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"influxd did not answer /ping on {Url} within {timeout}");
            }
        }
    }

    private void WriteConfig()
    {
        string Quoted(string text) => $"\"{text}\"";
        var config = string.Join('\n',
            "reporting-disabled = true",
            $"bind-address = {Quoted($"127.0.0.1:{RpcPort.ToString(CultureInfo.InvariantCulture)}")}",
            string.Empty,
            "[meta]",
            $"  dir = {Quoted(_folder.Combine("meta"))}",
            "  logging-enabled = false",
            string.Empty,
            "[data]",
            $"  dir = {Quoted(_folder.Combine("data"))}",
            $"  wal-dir = {Quoted(_folder.Combine("wal"))}",
            "  query-log-enabled = false",
            _snapshotColdAfter is { } cold ? $"  cache-snapshot-write-cold-duration = {Quoted($"{(int)cold.TotalMilliseconds}ms")}" : string.Empty,
            string.Empty,
            "[monitor]",
            "  store-enabled = false",
            string.Empty,
            "[http]",
            "  enabled = true",
            $"  bind-address = {Quoted($"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}")}",
            "  log-enabled = false",
            "  pprof-enabled = false",
            string.Empty,
            "[logging]",
            "  level = \"warn\"",
            "  suppress-logo = true",
            string.Empty,
            "[continuous_queries]",
            "  enabled = false",
            "  log-enabled = false",
            string.Empty,
            "[subscriber]",
            "  enabled = false",
            string.Empty);
        File.WriteAllText(_folder.Combine("influxdb.conf"), config);
    }
}
