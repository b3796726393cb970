using ColdChain.Edge.Gateway;
using ColdChain.Edge.Outbox;
using ColdChain.Edge.Uplink;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ColdChain.Edge.Simulation;

/// <summary>Runs every gateway of a <see cref="SimulatedFleet"/>, each with its own sensors, outbox and MQTT session.</summary>
internal sealed class SimulatedFleetService : BackgroundService
{
    private readonly IReadOnlyList<GatewayRunner> _runners;

    public SimulatedFleetService(SimulatedFleet fleet, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        Fleet = fleet;
        _runners = fleet.Gateways.Select(g => CreateRunner(fleet, g, time, loggers)).ToArray();
    }

    public SimulatedFleet Fleet { get; }

    public IReadOnlyList<GatewayRunner> Runners => _runners;

    public override void Dispose()
    {
        foreach (var runner in _runners)
        {
            runner.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose();
    }

    internal static GatewayRunner CreateRunner(SimulatedFleet fleet, SimulatedGateway gateway, TimeProvider time, ILoggerFactory loggers)
    {
        var start = time.GetUtcNow();
        var window = gateway.NetworkLossAfter is { } after
            ? new OfflineWindow(start + after, start + after + (gateway.NetworkLossDuration ?? SimulatedGateway.DefaultNetworkLossDuration))
            : (OfflineWindow?)null;
        var uplink = new UplinkSettings(gateway.Site, gateway.GatewayId, fleet.BrokerHost, fleet.BrokerPort)
        {
            Username = fleet.BrokerUsername,
            Password = fleet.BrokerPassword,
            StatusInterval = fleet.StatusInterval,
            OfflineWindow = window,
        };
        var settings = new GatewaySettings(uplink)
        {
            SampleInterval = fleet.SampleInterval,
            PublishInterval = fleet.PublishInterval,
            DataDirectory = fleet.DataDirectory,
            Outbox = new OutboxLimits { MaxBatches = fleet.OutboxCapacity, MaxBytes = fleet.OutboxMaxBytes, FullPolicy = fleet.OutboxFullPolicy },
            ClockSynced = true,
            Signal = new SimulatedSignal(gateway, fleet.Seed).Read,
        };
        var sensors = new SimulatedSensors(gateway, fleet.Seed, time);
        var random = new Random(StableSeed.Of(fleet.Seed, gateway.GatewayId, "uplink"));
        return new GatewayRunner(settings, sensors.Sample, time, random, loggers);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_runners.Select(r => r.RunAsync(stoppingToken)));
}
