using ColdChain.Edge.Simulation;
using ColdChain.Edge.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Simulation;

public sealed class SimulatedFleetHostingTests
{
    [Test]
    public async Task AddSimulatedFleet_runs_every_gateway_on_the_TimeProvider_from_DI()
    {
        await using var broker = await MosquittoServer.StartAsync();
        await using var recorder = await MqttRecorder.StartAsync(broker.Host, broker.Port);
        var time = new FakeTimeProvider(GatewayHarness.Morning);
        var fleet = new SimulatedFleet(broker.Host, broker.Port,
        [
            new("dc-north", "gw-dc-north-1", [new("cold-room-1", "Cold room 1", SimulatedAssetKind.ColdRoom), new("freezer-1", "Freezer 1", SimulatedAssetKind.Freezer)]),
            new("fleet", "gw-truck-01", [new("truck-01", "Truck 01", SimulatedAssetKind.Truck)]),
        ]);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSimulatedFleet(fleet);
        using var host = builder.Build();
        var service = host.Services.GetServices<IHostedService>().OfType<SimulatedFleetService>().Single();

        await host.StartAsync();
        await Eventually.TrueAsync(() => service.Runners.All(r => r.SamplesTaken >= 1), TestTime.Io, "first samples");
        time.Advance(fleet.PublishInterval);
        await Eventually.TrueAsync(
            () => recorder.Telemetry("gw-dc-north-1").Count >= 1 && recorder.Telemetry("gw-truck-01").Count >= 1, TestTime.Io, "a batch from each gateway");
        await host.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Telemetry("gw-dc-north-1")[0].Readings.Select(r => r.Asset).Distinct(), Is.EquivalentTo(new[] { "cold-room-1", "freezer-1" }));
            Assert.That(recorder.Telemetry("gw-truck-01")[0].Site, Is.EqualTo("fleet"));
            Assert.That(recorder.Telemetry("gw-truck-01")[0].Readings[0].Time, Is.EqualTo(GatewayHarness.Morning), "time comes from the injected clock");
        });
    }

    [Test]
    public void A_fleet_with_an_id_that_cannot_travel_in_a_topic_is_refused_at_registration()
    {
        var fleet = new SimulatedFleet("127.0.0.1", 1883, [new("site 1", "gw/1", [])]);

        Assert.That(() => new ServiceCollection().AddSimulatedFleet(fleet), Throws.ArgumentException);
    }
}
