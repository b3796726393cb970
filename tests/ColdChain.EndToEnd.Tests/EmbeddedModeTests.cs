using ColdChain.Testing;

namespace ColdChain.EndToEnd.Tests;

[TestFixture]
[CancelAfter(120_000)]
public sealed class EmbeddedModeTests
{
    [Test]
    public async Task Readings_sent_to_the_in_process_broker_are_served_by_the_API_exactly()
    {
        var brokerPort = FreePort.Next();
        var fleet = Fleets.Small("127.0.0.1", brokerPort);
        await using var platform = await RunningPlatform.StartAsync([$"--Embedded:Broker:Port={brokerPort}", .. Fleets.RegistryArgs(fleet)]);

        await EndToEndFlow.SendAndCompareAsync(platform, fleet, batchesPerGateway: 4);
    }

    [Test]
    public async Task The_asset_list_names_every_registered_asset_with_its_kind_and_site()
    {
        var fleet = Fleets.Small("127.0.0.1", FreePort.Next());
        await using var platform = await RunningPlatform.StartAsync([$"--Embedded:Broker:Port={fleet.BrokerPort}", .. Fleets.RegistryArgs(fleet)]);

        var assets = await platform.AssetsAsync();

        Assert.That(assets.Select(a => (a.Id, a.Kind, a.Site)), Is.EquivalentTo(new[]
        {
            ("room-a", "cold_room", "site-1"),
            ("freezer-a", "freezer", "site-1"),
            ("truck-7", "truck", "fleet"),
        }));
    }

    [Test]
    public async Task Readings_of_an_unknown_asset_are_404_and_a_bad_window_is_400()
    {
        var fleet = Fleets.Small("127.0.0.1", FreePort.Next());
        await using var platform = await RunningPlatform.StartAsync([$"--Embedded:Broker:Port={fleet.BrokerPort}", .. Fleets.RegistryArgs(fleet)]);

        using var unknown = await platform.Http.GetAsync("/api/assets/nope/readings");
        using var zoneless = await platform.Http.GetAsync("/api/assets/room-a/readings?from=2026-01-01T00:00:00");
        using var backwards = await platform.Http.GetAsync("/api/assets/room-a/readings?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
        using var tooLong = await platform.Http.GetAsync("/api/assets/room-a/readings?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That((int)unknown.StatusCode, Is.EqualTo(404));
            Assert.That((int)zoneless.StatusCode, Is.EqualTo(400));
            Assert.That((int)backwards.StatusCode, Is.EqualTo(400));
            Assert.That((int)tooLong.StatusCode, Is.EqualTo(400));
        });
    }

    [Test]
    public async Task The_API_refuses_a_caller_without_credentials_and_serves_one_with_a_readings_key()
    {
        var fleet = Fleets.Small("127.0.0.1", FreePort.Next());
        await using var platform = await RunningPlatform.StartAsync([$"--Embedded:Broker:Port={fleet.BrokerPort}", .. Fleets.RegistryArgs(fleet)]);

        using var anonymousAssets = await platform.Anonymous.GetAsync("/api/assets");
        using var anonymousReadings = await platform.Anonymous.GetAsync("/api/assets/room-a/readings");
        using var keyedReadings = await platform.Http.GetAsync("/api/assets/room-a/readings");

        Assert.Multiple(() =>
        {
            Assert.That((int)anonymousAssets.StatusCode, Is.EqualTo(401));
            Assert.That((int)anonymousReadings.StatusCode, Is.EqualTo(401));
            Assert.That((int)keyedReadings.StatusCode, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task Health_ready_reports_the_store_and_the_embedded_broker()
    {
        await using var platform = await RunningPlatform.StartAsync($"--Embedded:Broker:Port={FreePort.Next()}");

        using var response = await platform.Anonymous.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200), body);
        Assert.That(body, Does.Contain("telemetry-store").And.Contain("mqtt-broker"));
    }
}
