using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.DeadLetters.Influx;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Testing;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.DeadLetters;

/// <summary>The contract against a real influxd; a fresh database per test.</summary>
[TestFixture]
public sealed class InfluxDeadLetterStoreTests : DeadLetterStoreContract
{
    private InfluxDbServer _server = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartInflux()
    {
        _server = await InfluxDbServer.StartAsync();
        _http = new HttpClient();
    }

    [OneTimeTearDown]
    public async Task StopInflux()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    protected override Task<IDeadLetterStore> CreateStoreAsync() =>
        Task.FromResult<IDeadLetterStore>(new InfluxDeadLetterStore(_http, Options.Create(new InfluxStoreOptions { Url = _server.Url, Database = InfluxDbServer.NewDatabaseName() })));
}
