using System.Diagnostics;
using System.Globalization;

namespace ColdChain.Testing;

/// <summary>
/// A real PostgreSQL 15 (<c>initdb</c> + <c>postgres</c>) on a free 127.0.0.1 port, its cluster in its own temp folder,
/// trust authentication on loopback. PostgreSQL refuses to run as root: when the tests run as root (CI), the cluster
/// belongs to the <c>postgres</c> user and the server runs through <c>runuser</c>. One server serves a fixture; each
/// test takes its own database (<see cref="NewConnectionString"/>), which EF's migrations create.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinFolder = "/usr/lib/postgresql/15/bin";
    private const string SystemUser = "postgres";

    private readonly TempFolder _folder = new("coldchain-postgres");
    private ServerProcess? _process;

    private PostgresServer(int port) => Port = port;

    public int Port { get; }

    public string Output => _process?.Output ?? string.Empty;

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new PostgresServer(FreePort.Next());
        try
        {
            await server.InitAsync(cancellationToken);
            server._process = server.Run(Path.Combine(BinFolder, "postgres"),
                $"-D {server.DataFolder} -p {server.Port.ToString(CultureInfo.InvariantCulture)} -k {server._folder.Path} " +
                "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
            await FreePort.WaitUntilListeningAsync(server.Port, TimeSpan.FromSeconds(30), () => server._process.HasExited, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"postgres did not start: {e.Message}\n{output}", e);
        }

        return server;
    }

    /// <summary>A connection string to a database no other test uses (created on first migration).</summary>
    public string NewConnectionString() =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=test_{Guid.NewGuid():N};Pooling=true;Include Error Detail=true";

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            // SIGTERM is postgres' "smart" shutdown; runuser passes it on.
            await _process.DisposeAsync();
        }

        _folder.Dispose();
    }

    private string DataFolder => _folder.Combine("data");

    private static bool IsRoot => Environment.UserName == "root";

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(BinFolder, "initdb")))
        {
            throw new FileNotFoundException($"PostgreSQL 15 is not installed ({BinFolder}): run ./build.sh test (it installs the Debian packages the tests need)");
        }

        if (IsRoot)
        {
            await RunToEndAsync("chown", $"-R {SystemUser} {_folder.Path}", cancellationToken);
        }

        await using var init = Run(Path.Combine(BinFolder, "initdb"), $"-D {DataFolder} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync");
        await Eventually.TrueAsync(() => init.HasExited, TimeSpan.FromSeconds(60), $"initdb to finish\n{init.Output}");
        if (!File.Exists(Path.Combine(DataFolder, "PG_VERSION")))
        {
            throw new InvalidOperationException($"initdb failed:\n{init.Output}");
        }
    }

    private ServerProcess Run(string binary, string arguments) => IsRoot
        ? ServerProcess.Start("runuser", $"-u {SystemUser} -- {binary} {arguments}", _folder.Path)
        : ServerProcess.Start(binary, arguments, _folder.Path);

    private static async Task RunToEndAsync(string command, string arguments, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { UseShellExecute = false }) ?? throw new InvalidOperationException($"could not start {command}");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {arguments} exited with {process.ExitCode}");
        }
    }
}
