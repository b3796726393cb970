using ColdChain.Protocol.Status;

namespace ColdChain.Edge.Simulation;

/// <summary>
/// A plausible radio signal for a simulated gateway: trucks on cellular (RSSI wandering between about −105 and −70 dBm
/// as they drive), cold rooms and freezers on the warehouse Wi-Fi (about −70 to −45 dBm). Same seed, same series.
/// </summary>
internal sealed class SimulatedSignal
{
    private readonly Random _random;
    private readonly bool _cellular;
    private readonly object _gate = new();
    private double _dbm;

    public SimulatedSignal(SimulatedGateway gateway, int seed)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        _random = new Random(StableSeed.Of(seed, gateway.GatewayId, "signal"));
        _cellular = gateway.Assets.Any(a => a.Kind == SimulatedAssetKind.Truck);
        _dbm = _cellular ? -85 : -58;
    }

    public GatewaySignal Read()
    {
        lock (_gate)
        {
            var (low, high) = _cellular ? (-105.0, -70.0) : (-70.0, -45.0);
            _dbm = Math.Clamp(_dbm + ((_random.NextDouble() - 0.5) * 6), low, high);
            var dbm = Math.Round(_dbm);

            // Quality follows the level: 0 % at the low end of the band, 100 % at the high end.
            var quality = Math.Round((dbm - low) / (high - low) * 100);
            return new GatewaySignal { Link = _cellular ? GatewaySignal.Cellular : GatewaySignal.Wifi, Dbm = dbm, QualityPercent = quality };
        }
    }
}
