using System.Globalization;

namespace ColdChain.Testing;

/// <summary>
/// A real SMTP server process (Debian's python3-aiosmtpd) on a free 127.0.0.1 port, storing what it receives in a
/// Maildir the test reads back.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly TempFolder _folder = new("coldchain-smtp");
    private readonly ServerProcess _process;

    private SmtpServer(int? listenOn)
    {
        Port = listenOn ?? FreePort.Next();

        // Debian's interpreter, not whatever python3 comes first on PATH: aiosmtpd comes from the Debian package.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var port = Port.ToString(CultureInfo.InvariantCulture);
        _process = ServerProcess.Start(python, $"-m aiosmtpd -n -u -l 127.0.0.1:{port} -c aiosmtpd.handlers.Mailbox {Maildir}", _folder.Path);
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    private string Maildir => _folder.Combine("maildir");

    /// <param name="port">A port to listen on again (a relay that comes back after an outage); a free one by default.</param>
    public static async Task<SmtpServer> StartAsync(CancellationToken cancellationToken = default, int? port = null)
    {
        var server = new SmtpServer(port);
        try
        {
            await FreePort.WaitUntilListeningAsync(server.Port, TimeSpan.FromSeconds(15), () => server._process.HasExited, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            var output = server._process.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"aiosmtpd did not start (is python3-aiosmtpd installed?): {e.Message}\n{output}", e);
        }

        return server;
    }

    /// <summary>The raw RFC 5322 text of every message received so far.</summary>
    public IReadOnlyList<string> Messages()
    {
        var received = Path.Combine(Maildir, "new");
        return Directory.Exists(received) ? [.. Directory.EnumerateFiles(received).Order(StringComparer.Ordinal).Select(File.ReadAllText)] : [];
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _folder.Dispose();
    }
}
