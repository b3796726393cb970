using ColdChain.Edge.Simulation;
using ColdChain.Testing;

namespace ColdChain.EndToEnd.Tests;

/// <summary>The one scenario both ways of running must pass: what the gateways sent is exactly what the API serves.</summary>
internal static class EndToEndFlow
{
    public static async Task SendAndCompareAsync(RunningPlatform platform, SimulatedFleet fleet, int batchesPerGateway)
    {
        await using var witness = await TelemetryWitness.StartAsync(fleet.BrokerHost, fleet.BrokerPort);
        var startedAt = TimeProvider.System.GetUtcNow();

        await using (await SimulatedGateways.StartAsync(fleet))
        {
            await Eventually.TrueAsync(
                () => fleet.Gateways.All(g => witness.Batches.Count(b => b.Gateway == g.GatewayId) >= batchesPerGateway),
                TimeSpan.FromSeconds(60),
                $"{batchesPerGateway} batches from every gateway");
        }

        await witness.WaitUntilQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var from = startedAt.AddHours(-1);
        var to = TimeProvider.System.GetUtcNow().AddMinutes(10);

        foreach (var asset in Fleets.AssetIds(fleet))
        {
            var sent = witness.Readings.Where(r => r.Asset == asset).ToList();
            Assert.That(sent, Is.Not.Empty, $"{asset} sent readings");
            var served = await Eventually.ReturnsAsync(
                () => platform.ReadingsAsync(asset, from, to),
                r => r.Count >= sent.Count,
                TimeSpan.FromSeconds(30),
                $"all {sent.Count} readings of {asset} served");
            ReadingComparison.AssertSame(sent, served);
        }
    }
}
