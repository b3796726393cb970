using ColdChain.Ingest.Storage;
using ColdChain.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Production.Tests.Dashboards;

/// <summary>Every panel's InfluxQL runs against a real influxd holding data written by the real InfluxDB adapter.</summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class DashboardQueryTests
{
    private InfluxDbServer _influx = null!;
    private HttpClient _http = null!;
    private InfluxQuery _query = null!;

    public static IEnumerable<string> Dashboards => DashboardFiles.Names;

    [OneTimeSetUp]
    public async Task LoadDemoData()
    {
        _influx = await InfluxDbServer.StartAsync();
        var database = InfluxDbServer.NewDatabaseName();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "Influx",
            ["Storage:Influx:Url"] = _influx.Url.ToString(),
            ["Storage:Influx:Database"] = database,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddTelemetryStore(configuration).BuildServiceProvider();
        await services.GetRequiredService<ITelemetryStore>().WriteAsync(DemoData.Readings(), CancellationToken.None);

        _http = new HttpClient { BaseAddress = _influx.Url };
        _query = new InfluxQuery(_http, database);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _influx.DisposeAsync();
    }

    [TestCaseSource(nameof(Dashboards))]
    public async Task Every_panel_query_parses_and_returns_series(string dashboard)
    {
        foreach (var (panel, query) in DashboardFiles.PanelQueries(DashboardFiles.Load(dashboard)))
        {
            var (error, series) = await _query.RunAsync(GrafanaVariables.Substitute(query, DemoData.Start, DemoData.End));

            Assert.That(error, Is.Null, $"{dashboard} / {panel}: {query}");
            Assert.That(series, Is.GreaterThan(0), $"{dashboard} / {panel} returned no series: {query}");
        }
    }

    [TestCaseSource(nameof(Dashboards))]
    public async Task Every_template_variable_lists_values(string dashboard)
    {
        foreach (var (variable, query) in DashboardFiles.VariableQueries(DashboardFiles.Load(dashboard)))
        {
            var (error, series) = await _query.RunAsync(GrafanaVariables.Substitute(query, DemoData.Start, DemoData.End));

            Assert.That(error, Is.Null, $"{dashboard} / ${variable}: {query}");
            Assert.That(series, Is.GreaterThan(0), $"{dashboard} / ${variable} lists nothing: {query}");
        }
    }

    [Test]
    public async Task A_gap_in_the_record_stays_a_gap_in_the_panels()
    {
        var detail = DashboardFiles.Load("asset-detail");
        var (_, query) = DashboardFiles.PanelQueries(detail).First();
        var gapStart = DemoData.End.AddHours(1);

        var (error, series) = await _query.RunAsync(GrafanaVariables.Substitute(query, gapStart, gapStart.AddHours(1)));

        Assert.That(error, Is.Null);
        Assert.That(series, Is.Zero, "no reading, no invented line");
    }
}
