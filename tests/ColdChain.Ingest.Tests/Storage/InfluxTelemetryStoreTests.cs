using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Protocol.Telemetry;
using ColdChain.Testing;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Storage;

/// <summary>The contract against a real influxd 1.6, answering MessagePack and JSON; one server per fixture, a fresh database per test.</summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class InfluxTelemetryStoreTests(bool messagePack) : TelemetryStoreContract
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

    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(NewStore(_server.Url, InfluxDbServer.NewDatabaseName()));

    [Test]
    public async Task The_database_is_created_when_it_is_missing()
    {
        var database = InfluxDbServer.NewDatabaseName();
        var store = NewStore(_server.Url, database);

        await store.EnsureCreatedAsync(CancellationToken.None);

        var answer = await _http.GetStringAsync(new Uri(_server.Url, "query?q=SHOW%20DATABASES"));
        Assert.That(answer, Does.Contain(database));
    }

    [Test]
    public async Task A_new_database_keeps_telemetry_for_five_years_and_an_existing_one_keeps_its_policy()
    {
        var created = InfluxDbServer.NewDatabaseName();
        var existing = InfluxDbServer.NewDatabaseName();
        using (await _http.PostAsync(new Uri(_server.Url, $"query?q=CREATE%20DATABASE%20{existing}"), null))
        {
        }

        await NewStore(_server.Url, created).EnsureCreatedAsync(CancellationToken.None);
        await NewStore(_server.Url, existing).EnsureCreatedAsync(CancellationToken.None);

        var policies = await _http.GetStringAsync(new Uri(_server.Url, $"query?q=SHOW%20RETENTION%20POLICIES%20ON%20{created}"));
        var untouched = await _http.GetStringAsync(new Uri(_server.Url, $"query?q=SHOW%20RETENTION%20POLICIES%20ON%20{existing}"));
        Assert.Multiple(() =>
        {
            Assert.That(policies, Does.Contain("\"43848h0m0s\""), "1,827 days");
            Assert.That(untouched, Does.Contain("\"0s\""), "an existing database's infinite policy is left as it was");
        });
    }

    [Test]
    public void A_query_of_a_missing_database_fails_with_influxdb_s_reason()
    {
        var store = new InfluxTelemetryStore(_http, Options.Create(new InfluxStoreOptions { Url = _server.Url, Database = "never_created", CreateDatabase = false, MessagePack = messagePack }));
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.That(() => store.QueryAsync(new ReadingQuery("a", now, now.AddHours(1)), CancellationToken.None),
            Throws.InstanceOf<InfluxException>().With.Message.Contains("database not found: never_created"));
    }

    [Test]
    public async Task A_store_pointed_at_nothing_is_not_ready()
    {
        var store = NewStore(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), "nowhere");

        Assert.That(await store.IsReadyAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public void A_write_to_a_store_pointed_at_nothing_fails()
    {
        var store = NewStore(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), "nowhere");
        var reading = new StoredReading("s", "g", "a", "p", Quantity.Temperature, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 1, ReadingStatus.Ok);

        Assert.ThrowsAsync<HttpRequestException>(() => store.WriteAsync([reading], CancellationToken.None));
    }

    private InfluxTelemetryStore NewStore(Uri url, string database) =>
        new(_http, Options.Create(new InfluxStoreOptions { Url = url, Database = database, Timeout = TimeSpan.FromSeconds(10), MessagePack = messagePack }));
}
