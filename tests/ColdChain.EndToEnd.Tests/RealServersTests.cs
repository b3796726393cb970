using ColdChain.Testing;

namespace ColdChain.EndToEnd.Tests;

/// <summary>The production path on real servers: simulated gateway → mosquitto → ingest → influxd → platform API.</summary>
[TestFixture]
[CancelAfter(180_000)]
public sealed class RealServersTests
{
    private MosquittoServer _mosquitto = null!;
    private InfluxDbServer _influx = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        _mosquitto = await MosquittoServer.StartAsync();
        _influx = await InfluxDbServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        await _mosquitto.DisposeAsync();
        await _influx.DisposeAsync();
    }

    [Test]
    public async Task Readings_sent_through_mosquitto_and_influxd_are_served_by_the_API_exactly()
    {
        var fleet = Fleets.Small(_mosquitto.Host, _mosquitto.Port);
        await using var platform = await RunningPlatform.StartAsync(
        [
            "--Embedded:Broker:Enabled=false",
            $"--Ingest:Broker:Host={_mosquitto.Host}",
            $"--Ingest:Broker:Port={_mosquitto.Port}",
            "--Ingest:UseSharedSubscription=true",
            $"--Ingest:ClientId=ingest-{Guid.NewGuid():N}",
            "--Storage:Kind=Influx",
            $"--Storage:Influx:Url={_influx.Url}",
            $"--Storage:Influx:Database={InfluxDbServer.NewDatabaseName()}",
            .. Fleets.RegistryArgs(fleet),
        ]);

        await EndToEndFlow.SendAndCompareAsync(platform, fleet, batchesPerGateway: 4);
    }
}
