using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Gateways.Influx;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Testing;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Gateways;

/// <summary>The contract against a real influxd; a fresh database per test.</summary>
[TestFixture]
public sealed class InfluxGatewayHealthStoreTests : GatewayHealthStoreContract
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

    protected override Task<IGatewayHealthStore> CreateStoreAsync() =>
        Task.FromResult<IGatewayHealthStore>(new InfluxGatewayHealthStore(_http, Options.Create(new InfluxStoreOptions { Url = _server.Url, Database = InfluxDbServer.NewDatabaseName() })));
}
