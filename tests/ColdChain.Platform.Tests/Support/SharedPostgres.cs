namespace ColdChain.Platform.Tests;

/// <summary>
/// One real PostgreSQL server for the whole test run, started on first use; each test gets its own database. In the
/// root namespace so that NUnit runs its teardown after every fixture of the assembly.
/// </summary>
[SetUpFixture]
public sealed class SharedPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _server;

    public static async Task<PostgresServer> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _server ??= await PostgresServer.StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }
}
