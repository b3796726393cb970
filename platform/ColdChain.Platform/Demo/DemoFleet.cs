using ColdChain.Edge.Simulation;
using ColdChain.Platform.Registry;

namespace ColdChain.Platform.Demo;

/// <summary>
/// The simulated fleet of <c>--demo</c>: a distribution centre with three cold rooms (one with a failing compressor)
/// and a freezer, and two trucks on their own gateways, one of which loses its network for a while and catches up.
/// </summary>
public static class DemoFleet
{
    public const string WarehouseSite = "dc-north";
    public const string FleetSite = "fleet";

    public static IReadOnlyList<SimulatedGateway> Gateways { get; } =
    [
        new(WarehouseSite, "gw-dc-north-1",
        [
            new("cold-room-1", "Cold room 1 (chilled 0–4 °C)", SimulatedAssetKind.ColdRoom),
            new("cold-room-2", "Cold room 2 (chilled 0–4 °C)", SimulatedAssetKind.ColdRoom, FailingCompressor: true),
            new("cold-room-3", "Cold room 3 (chilled 0–4 °C)", SimulatedAssetKind.ColdRoom),
            new("freezer-1", "Freezer 1 (≤ −18 °C)", SimulatedAssetKind.Freezer),
        ]),
        new(FleetSite, "gw-truck-01", [new("truck-01", "Truck 01 (reefer, chilled)", SimulatedAssetKind.Truck)]),
        new(FleetSite, "gw-truck-02", [new("truck-02", "Truck 02 (reefer, chilled)", SimulatedAssetKind.Truck)],
            NetworkLossAfter: TimeSpan.FromMinutes(2), NetworkLossDuration: TimeSpan.FromMinutes(3)),
    ];

    public static IEnumerable<Asset> Assets =>
        Gateways.SelectMany(g => g.Assets.Select(a => new Asset { Id = a.AssetId, Name = a.Name, Kind = KindOf(a.Kind), Site = g.Site }));

    private static AssetKind KindOf(SimulatedAssetKind kind) => kind switch
    {
        SimulatedAssetKind.ColdRoom => AssetKind.ColdRoom,
        SimulatedAssetKind.Freezer => AssetKind.Freezer,
        SimulatedAssetKind.Truck => AssetKind.Truck,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown simulated asset kind"),
    };
}
