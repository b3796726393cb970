using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Sequencing.Influx;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Testing;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Sequencing;

/// <summary>The contract against a real influxd; a fresh database per test.</summary>
[TestFixture]
public sealed class InfluxSequenceLedgerTests : SequenceLedgerContract
{
    private InfluxDbServer _server = null!;
    private HttpClient _http = null!;
    private string _database = string.Empty;

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

    protected override Task<ISequenceLedger> CreateLedgerAsync()
    {
        _database = InfluxDbServer.NewDatabaseName();
        return Task.FromResult(ReopenLedger());
    }

    protected override ISequenceLedger ReopenLedger() =>
        new InfluxSequenceLedger(_http, Options.Create(new InfluxStoreOptions { Url = _server.Url, Database = _database }));
}
