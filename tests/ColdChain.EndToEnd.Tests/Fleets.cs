using ColdChain.Edge.Simulation;

namespace ColdChain.EndToEnd.Tests;

internal static class Fleets
{
    /// <summary>Two gateways, a cold room with humidity and a door, and a truck, sampling every second.</summary>
    public static SimulatedFleet Small(string host, int port) => new(host, port,
    [
        new("site-1", "gw-site-1", [new("room-a", "Room A", SimulatedAssetKind.ColdRoom), new("freezer-a", "Freezer A", SimulatedAssetKind.Freezer)]),
        new("fleet", "gw-truck-7", [new("truck-7", "Truck 7", SimulatedAssetKind.Truck)]),
    ])
    {
        SampleInterval = TimeSpan.FromSeconds(1),
        PublishInterval = TimeSpan.FromSeconds(1),
        Seed = 7,
    };

    /// <summary>The command-line arguments that register the fleet's assets with the platform.</summary>
    public static string[] RegistryArgs(SimulatedFleet fleet) =>
    [
        .. fleet.Gateways.SelectMany(g => g.Assets.Select(a => (g.Site, Asset: a))).SelectMany((x, i) => new[]
        {
            $"--Registry:Assets:{i}:Id={x.Asset.AssetId}",
            $"--Registry:Assets:{i}:Name={x.Asset.Name}",
            $"--Registry:Assets:{i}:Kind={x.Asset.Kind}",
            $"--Registry:Assets:{i}:Site={x.Site}",
        }),
    ];

    public static IEnumerable<string> AssetIds(SimulatedFleet fleet) => fleet.Gateways.SelectMany(g => g.Assets).Select(a => a.AssetId);
}
