using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Production.Tests.Dashboards;

/// <summary>A day of minute readings for a warehouse and a truck, with excursions, a sensor fault and door openings.</summary>
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
}
