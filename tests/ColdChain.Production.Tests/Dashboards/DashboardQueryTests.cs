using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Sequencing;
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
        await using var services = new ServiceCollection().AddLogging().AddTelemetryStore(configuration)
            .AddGatewayHealthStore(configuration).AddSequenceLedger(configuration).AddDeadLetterStore(configuration).BuildServiceProvider();
        await services.GetRequiredService<ITelemetryStore>().WriteAsync(DemoData.Readings(), CancellationToken.None);
        await services.GetRequiredService<IGatewayHealthStore>().WriteAsync(DemoData.GatewayObservations(), CancellationToken.None);
        await services.GetRequiredService<ISequenceLedger>().RecordAsync(DemoData.Receipts(), CancellationToken.None);
        await services.GetRequiredService<IDeadLetterStore>().WriteAsync(DemoData.DeadLetters(), CancellationToken.None);

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
    public async Task The_gateway_health_panels_show_the_truck_offline_and_the_ingest_panels_the_missing_batches()
    {
        var online = DashboardFiles.PanelQueries(DashboardFiles.Load("gateway-health")).Single(p => p.Panel == "Online now").Query;
        var gaps = DashboardFiles.PanelQueries(DashboardFiles.Load("ingest-health")).Single(p => p.Panel == "Missing batches (sequence gaps)").Query;
        var truckAway = DemoData.Start.AddHours(10).AddMinutes(30);

        var (_, state) = await _query.ValuesAsync(GrafanaVariables.Substitute(online, DemoData.Start, truckAway));
        var (_, missing) = await _query.ValuesAsync(GrafanaVariables.Substitute(gaps, DemoData.Start, DemoData.End));

        Assert.That(state, Is.EquivalentTo(new double?[] { 1, 0 }), "dc-north online, the truck offline (its Last Will) half an hour into its outage");
        Assert.That(missing.Sum(v => v ?? 0), Is.EqualTo(3), "seqs 300-302 of the truck");
    }

    [Test]
    public async Task The_signal_panel_shows_the_truck_fading_before_it_went_offline_and_the_warehouse_Wi_Fi_steady()
    {
        var signal = DashboardFiles.PanelQueries(DashboardFiles.Load("gateway-health")).Single(p => p.Panel == "Signal level (radio uplinks)").Query;
        string For(string gateway, DateTimeOffset from, DateTimeOffset to) =>
            GrafanaVariables.Substitute(signal.Replace("$gateway", gateway, StringComparison.Ordinal), from, to);

        var truckFading = await _query.ValuesAsync(For("gw-truck-01", DemoData.Start.AddHours(9).AddMinutes(30), DemoData.Start.AddHours(10)));
        var truckBefore = await _query.ValuesAsync(For("gw-truck-01", DemoData.Start.AddHours(8), DemoData.Start.AddHours(9)));
        var warehouse = await _query.ValuesAsync(For("gw-dc-north-1", DemoData.Start.AddHours(8), DemoData.Start.AddHours(9)));

        Assert.Multiple(() =>
        {
            Assert.That(truckFading.Values.Min(), Is.LessThanOrEqualTo(-100), "below the red line before the outage");
            Assert.That(truckBefore.Values.Where(v => v is not null).Distinct(), Is.EqualTo(new double?[] { -85 }));
            Assert.That(warehouse.Values.Where(v => v is not null).Distinct(), Is.EqualTo(new double?[] { -58 }));
        });
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
