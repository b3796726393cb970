using ColdChain.Edge.Simulation;
using ColdChain.Edge.Uplink;
using ColdChain.Protocol.Status;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Uplink;

public sealed class RadioSignalProbeTests
{
    private const string RouteHeader = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    private const string Wireless = """
        Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE
         face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22
         wlan0: 0000   49.  -61.  -256        0      0      0      0     12        0

        """;

    [Test]
    public void A_Pi_on_Wi_Fi_reports_the_level_in_dBm_and_the_link_quality_out_of_70_as_a_percentage()
    {
        using var host = new TempFolder("coldchain-signal");
        var probe = Probe(host, RouteHeader + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\nwlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n", Wireless);

        Assert.That(probe.Read(), Is.EqualTo(new GatewaySignal { Link = GatewaySignal.Wifi, Dbm = -61, QualityPercent = 70 }));
    }

    [Test]
    public void A_wired_default_route_reports_no_signal_even_with_Wi_Fi_up_beside_it()
    {
        using var host = new TempFolder("coldchain-signal");
        var probe = Probe(host, RouteHeader + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\neth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n", Wireless);

        Assert.That(probe.Read(), Is.Null);
    }

    [Test]
    public void A_cellular_default_route_reports_the_link_with_the_level_unknown()
    {
        using var host = new TempFolder("coldchain-signal");
        var probe = Probe(host, RouteHeader + "wwan0\t00000000\t00000000\t0001\t0\t0\t700\t00000000\t0\t0\t0\n", Wireless);

        Assert.That(probe.Read(), Is.EqualTo(new GatewaySignal { Link = GatewaySignal.Cellular }));
    }

    [Test]
    public void An_old_driver_writing_the_level_as_an_unsigned_byte_is_read_as_dBm()
    {
        using var host = new TempFolder("coldchain-signal");
        var probe = Probe(host, RouteHeader + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n", Wireless.Replace("-61.", "190.", StringComparison.Ordinal));

        Assert.That(probe.Read()!.Dbm, Is.EqualTo(-66));
    }

    [Test]
    public void No_route_table_or_no_wireless_table_reports_no_signal()
    {
        using var host = new TempFolder("coldchain-signal");

        Assert.That(new RadioSignalProbe(host.Combine("no-route"), host.Combine("no-wireless")).Read(), Is.Null);
        Assert.That(Probe(host, RouteHeader + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n", wireless: null).Read(), Is.Null);
    }

    [Test]
    public void Simulated_trucks_report_cellular_and_cold_rooms_Wi_Fi_in_every_online_status_with_plausible_levels()
    {
        var truck = new SimulatedGateway("site-1", "gw-truck", [new SimulatedAsset("truck-1", "Truck 1", SimulatedAssetKind.Truck)]);
        var room = new SimulatedGateway("site-1", "gw-room", [new SimulatedAsset("room-1", "Room 1", SimulatedAssetKind.ColdRoom)]);
        var fleet = new SimulatedFleet("127.0.0.1", 1, [truck, room]);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        var signals = new[] { truck, room }.ToDictionary(g => g.GatewayId, g =>
        {
            var runner = SimulatedFleetService.CreateRunner(fleet, g, time, NullLoggerFactory.Instance);
            return Enumerable.Range(0, 200).Select(_ => runner.Status.Online().Health!.Signal!).ToList();
        });

        Assert.Multiple(() =>
        {
            Assert.That(signals["gw-truck"].Select(s => s.Link).Distinct(), Is.EqualTo(new[] { GatewaySignal.Cellular }));
            Assert.That(signals["gw-truck"].Select(s => s.Dbm), Has.All.InRange(-105.0, -70.0));
            Assert.That(signals["gw-room"].Select(s => s.Link).Distinct(), Is.EqualTo(new[] { GatewaySignal.Wifi }));
            Assert.That(signals["gw-room"].Select(s => s.Dbm), Has.All.InRange(-70.0, -45.0));
            Assert.That(signals["gw-room"].Select(s => s.QualityPercent), Has.All.InRange(0.0, 100.0));
            Assert.That(signals["gw-truck"].Select(s => s.Dbm).Distinct().Count(), Is.GreaterThan(5), "the level wanders");
        });
    }

    private static RadioSignalProbe Probe(TempFolder host, string route, string? wireless)
    {
        File.WriteAllText(host.Combine("route"), route);
        if (wireless is not null)
        {
            File.WriteAllText(host.Combine("wireless"), wireless);
        }

        return new RadioSignalProbe(host.Combine("route"), host.Combine("wireless"));
    }
}
