using ColdChain.Ingest.Gateways;
using ColdChain.Protocol.Status;

namespace ColdChain.Ingest.Tests.Gateways;

/// <summary>What every gateway-health store does, run against SQLite and a real influxd.</summary>
public abstract class GatewayHealthStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly GatewayHealth Healthy = new()
    {
        Version = "1.4.2",
        UptimeSeconds = 3600,
        OutboxDepth = 17,
        OldestUnsentSeconds = 42.5,
        ClockSynced = true,
        ConfigVersion = 7,
        CpuTemperatureCelsius = 51.25,
        DiskFreeBytes = 12_000_000_000,
    };

    protected abstract Task<IGatewayHealthStore> CreateStoreAsync();

    [Test]
    public async Task The_radio_signal_is_kept_with_unknown_measures_unknown_and_a_wired_gateway_without_one()
    {
        var store = await CreateStoreAsync();
        GatewayObservation[] written =
        [
            GatewayObservation.Status("site-1", "gw-wifi", T0, GatewayState.Online, Healthy with { Signal = new GatewaySignal { Link = GatewaySignal.Wifi, Dbm = -61, QualityPercent = 70 } }),
            GatewayObservation.Status("site-1", "gw-lte", T0.AddMinutes(1), GatewayState.Online, Healthy with { Signal = new GatewaySignal { Link = GatewaySignal.Cellular, Dbm = -97.5 } }),
            GatewayObservation.Status("site-1", "gw-modem", T0.AddMinutes(2), GatewayState.Online, Healthy with { Signal = new GatewaySignal { Link = GatewaySignal.Cellular } }),
            GatewayObservation.Status("site-1", "gw-wired", T0.AddMinutes(3), GatewayState.Online, Healthy),
        ];

        await store.WriteAsync(written, CancellationToken.None);

        Assert.That(await store.QueryAsync(T0, T0.AddHours(1), null, CancellationToken.None), Is.EqualTo(written));
    }

    [Test]
    public async Task Status_with_health_offline_and_power_changes_come_back_as_written()
    {
        var store = await CreateStoreAsync();
        GatewayObservation[] written =
        [
            GatewayObservation.Status("site-1", "gw-1", T0, GatewayState.Online, Healthy),
            GatewayObservation.Power("site-1", "gw-1", T0.AddMinutes(1), mainsPresent: false),
            GatewayObservation.Status("site-1", "gw-1", T0.AddMinutes(2), GatewayState.Offline, null),
            GatewayObservation.Power("site-1", "gw-1", T0.AddMinutes(3), mainsPresent: true),
            GatewayObservation.Status("site-1", "gw-2", T0.AddMinutes(4), GatewayState.Online, Healthy with { OldestUnsentSeconds = null, CpuTemperatureCelsius = null, DiskFreeBytes = null, ConfigVersion = null }),
        ];

        await store.WriteAsync(written, CancellationToken.None);

        Assert.That(await store.QueryAsync(T0, T0.AddHours(1), null, CancellationToken.None), Is.EqualTo(written));
    }

    [Test]
    public async Task A_redelivered_status_overwrites_its_own_point_and_queries_filter_by_gateway_and_window()
    {
        var store = await CreateStoreAsync();
        var status = GatewayObservation.Status("site-1", "gw-1", T0, GatewayState.Online, Healthy);
        await store.WriteAsync([status, GatewayObservation.Status("site-1", "gw-2", T0, GatewayState.Online, Healthy)], CancellationToken.None);
        await store.WriteAsync([status, GatewayObservation.Status("site-1", "gw-1", T0.AddHours(2), GatewayState.Online, Healthy)], CancellationToken.None);

        Assert.That(await store.QueryAsync(T0, T0.AddHours(1), "gw-1", CancellationToken.None), Is.EqualTo(new[] { status }));
    }
}
