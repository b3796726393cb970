using System.Globalization;

namespace ColdChain.Testing;

/// <summary>
/// A real mosquitto 2.0 broker on a free 127.0.0.1 port, persistence on, in its own temp folder.
/// Stop and start again keep the port and the persisted sessions, for broker-restart tests.
/// </summary>
public sealed class MosquittoServer : IAsyncDisposable
{
    private readonly TempFolder _folder = new("coldchain-mosquitto");
    private ServerProcess? _process;

    private MosquittoServer(int port) => Port = port;

    public int Port { get; }

    public string Host => "127.0.0.1";

    public string Log => File.Exists(_folder.Combine("mosquitto.log")) ? File.ReadAllText(_folder.Combine("mosquitto.log")) : _process?.Output ?? string.Empty;

    /// <param name="maxInflightMessages">Unacknowledged QoS 1 messages per subscriber; mosquitto's default of 20 caps acknowledge-after-write batches.</param>
    public static async Task<MosquittoServer> StartAsync(int maxInflightMessages = 1000, CancellationToken cancellationToken = default)
    {
        var server = new MosquittoServer(FreePort.Next());
        server.WriteConfig(maxInflightMessages);
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts the broker (again) on the same port with the same persistence folder.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("mosquitto is already running");
        }

        _process = ServerProcess.Start("mosquitto", $"-c {_folder.Combine("mosquitto.conf")}", _folder.Path);
        try
        {
            await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(15), () => _process.HasExited, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"mosquitto did not start: {e.Message}\n{Log}", e);
        }
    }

    /// <summary>A clean stop: mosquitto writes its persistence file on SIGTERM.</summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _folder.Dispose();
    }

    private void WriteConfig(int maxInflightMessages)
    {
        var config = string.Join('\n',
            $"listener {Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous true",
            "user root",
            "persistence true",
            $"persistence_location {_folder.Path}/",
            "autosave_interval 30", // as deploy/mosquitto: each save rewrites every queued message, so a 1 s interval stalls a backlog's drain
            $"max_inflight_messages {maxInflightMessages.ToString(CultureInfo.InvariantCulture)}",
            "max_queued_messages 1000000",
            "max_queued_bytes 0",
            "persistent_client_expiration 1d",
            $"log_dest file {_folder.Combine("mosquitto.log")}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            string.Empty);
        File.WriteAllText(_folder.Combine("mosquitto.conf"), config);
    }
}
