using System.Globalization;

namespace ColdChain.Edge.Tests.Support;

/// <summary>
/// The real <c>ColdChain.Edge</c> binary (copied beside the tests by the project reference) run as a child process with
/// <c>--simulate</c>: what a crash test must kill is a process, not an object.
/// </summary>
internal sealed class EdgeProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private EdgeProcess(ServerProcess process) => _process = process;

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public static EdgeProcess Start(int brokerPort, string dataDirectory, string gatewayId, TimeSpan interval, params string[] extra)
    {
        var seconds = interval.ToString("c", CultureInfo.InvariantCulture);
        string[] args =
        [
            "--simulate",
            "--Gateway:Site=crash-site",
            $"--Gateway:GatewayId={gatewayId}",
            "--Gateway:Broker:Host=127.0.0.1",
            $"--Gateway:Broker:Port={brokerPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Gateway:DataDirectory={dataDirectory}",
            $"--Gateway:SampleInterval={seconds}",
            $"--Gateway:PublishInterval={seconds}",
            .. extra,
        ];
        var binary = Path.Combine(AppContext.BaseDirectory, "ColdChain.Edge");
        return new EdgeProcess(ServerProcess.Start(binary, string.Join(' ', args), dataDirectory));
    }

    /// <summary>SIGKILL: no flush, no goodbye.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
