using System.Text;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Production.Tests.Dashboards;

/// <summary>
/// A day of minute readings for a warehouse and a truck, with excursions, a sensor fault and door openings; the
/// gateways' status (the truck offline for an hour, its outbox filling and draining), a mains failure, batch receipts
/// with a gap, and dead letters.
/// </summary>
internal static class DemoData
{
    public static readonly DateTimeOffset End = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Start = End.AddHours(-24);

    private static readonly (string Site, string Gateway, string Asset, double Setpoint, bool Humidity)[] Assets =
    [
        ("dc-north", "gw-dc-north-1", "cold-room-1", 2.0, true),
        ("dc-north", "gw-dc-north-1", "freezer-1", -21.0, false),
        ("fleet", "gw-truck-01", "truck-01", 3.0, false),
    ];

    public static IReadOnlyList<StoredReading> Readings()
    {
        var readings = new List<StoredReading>();
        for (var t = Start; t < End; t = t.AddMinutes(1))
        {
            var minute = (int)(t - Start).TotalMinutes;
            foreach (var (site, gateway, asset, setpoint, humidity) in Assets)
            {
                var doorOpen = minute % 240 < 5;
                var temperature = setpoint + (0.4 * Math.Sin(minute / 30.0)) + (doorOpen ? 3.5 : 0);
                var status = minute == 600 ? ReadingStatus.SensorFault
                    : temperature > setpoint + 2 ? ReadingStatus.OutOfRange
                    : ReadingStatus.Ok;
                readings.Add(new(site, gateway, asset, $"{asset}-t1", Quantity.Temperature, t, status == ReadingStatus.SensorFault ? null : Math.Round(temperature, 2), status));
                readings.Add(new(site, gateway, asset, $"{asset}-door", Quantity.Door, t, doorOpen ? 1 : 0, ReadingStatus.Ok));
                if (humidity)
                {
                    readings.Add(new(site, gateway, asset, $"{asset}-h1", Quantity.Humidity, t, 85 + (3 * Math.Cos(minute / 45.0)), ReadingStatus.Ok));
                }
            }
        }

        return readings;
    }

    public static IReadOnlyList<GatewayObservation> GatewayObservations()
    {
        var observations = new List<GatewayObservation>();
        var offlineFrom = Start.AddHours(10);
        var offlineTo = Start.AddHours(11);
        for (var t = Start; t < End; t = t.AddMinutes(5))
        {
            foreach (var (site, gateway) in new[] { ("dc-north", "gw-dc-north-1"), ("fleet", "gw-truck-01") })
            {
                var truckAway = gateway == "gw-truck-01" && t >= offlineFrom && t < offlineTo;
                if (truckAway)
                {
                    continue; // no status while the truck has no network
                }

                var backlog = gateway == "gw-truck-01" && t >= offlineTo && t < offlineTo.AddMinutes(15) ? 12 : 0;
                observations.Add(GatewayObservation.Status(site, gateway, t, GatewayState.Online, new GatewayHealth
                {
                    Version = "1.0.0",
                    UptimeSeconds = (long)(t - Start).TotalSeconds,
                    OutboxDepth = backlog,
                    OldestUnsentSeconds = backlog > 0 ? 3600 : null,
                    ClockSynced = true,
                    ConfigVersion = 3,
                    CpuTemperatureCelsius = 48.5,
                    DiskFreeBytes = 20_000_000_000,
                    Signal = Signal(gateway, t, offlineFrom),
                }));
            }
        }

        observations.Add(GatewayObservation.Status("fleet", "gw-truck-01", offlineFrom, GatewayState.Offline, null));
        observations.Add(GatewayObservation.Power("dc-north", "gw-dc-north-1", Start.AddHours(3), mainsPresent: false));
        observations.Add(GatewayObservation.Power("dc-north", "gw-dc-north-1", Start.AddHours(3).AddMinutes(20), mainsPresent: true));
        return observations;
    }

    /// <summary>The warehouse on Wi-Fi; the truck on cellular, fading to −110 dBm in the half hour before it lost the network.</summary>
    private static GatewaySignal Signal(string gateway, DateTimeOffset t, DateTimeOffset truckOffline)
    {
        if (gateway != "gw-truck-01")
        {
            return new GatewaySignal { Link = GatewaySignal.Wifi, Dbm = -58, QualityPercent = 80 };
        }

        var beforeLoss = (truckOffline - t).TotalMinutes;
        var dbm = beforeLoss is > 0 and <= 30 ? -110 + (beforeLoss / 30 * 25) : -85;
        return new GatewaySignal { Link = GatewaySignal.Cellular, Dbm = Math.Round(dbm), QualityPercent = Math.Round((dbm + 113) / 63 * 100) };
    }

    /// <summary>One batch a minute per gateway; seqs 300–302 of the truck never arrived.</summary>
    public static IReadOnlyList<BatchReceipt> Receipts()
    {
        var receipts = new List<BatchReceipt>();
        var seq = 0L;
        for (var t = Start; t < End; t = t.AddMinutes(1))
        {
            seq++;
            receipts.Add(new BatchReceipt("dc-north", "gw-dc-north-1", seq, t, t.AddSeconds(50)));
            if (seq is < 300 or > 302)
            {
                receipts.Add(new BatchReceipt("fleet", "gw-truck-01", seq, t, t.AddSeconds(50)));
            }
        }

        return receipts;
    }

    public static IReadOnlyList<DeadLetter> DeadLetters() =>
    [
        DeadLetter.Create(Start.AddHours(2), "coldchain/v1/fleet/gw-truck-01/telemetry", "fleet", "gw-truck-01", "malformed", "not JSON", Encoding.UTF8.GetBytes("{")),
        DeadLetter.Create(Start.AddHours(5), "coldchain/v1/dc-north/gw-dc-north-1/telemetry", "dc-north", "gw-dc-north-1", "invalid", "readings[0].value: 900 is implausible", Encoding.UTF8.GetBytes("{}")),
    ];
}
