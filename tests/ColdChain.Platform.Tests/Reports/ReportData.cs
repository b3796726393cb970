using ColdChain.Ingest.Storage;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Sensors;
using ColdChain.Platform.Tests.Support;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Reports;

/// <summary>
/// Two days of one-minute readings in a Shanghai cold room: sensor t1 with a 40-minute warm excursion (alarm
/// acknowledged with a comment) and one fault reading, sensor t2 silent for two hours and out of calibration, door
/// openings; a second site for the operator test. Seeded into a running platform's database and telemetry store.
/// </summary>
internal static class ReportData
{
    public const string Site = "dc-north", OtherSite = "dc-south", Asset = "cold-room-1", OtherAsset = "cold-room-9";
    public const string T1 = "cr1-t1", T2 = "cr1-t2", Door = "cr1-door";
    public const string Comment = "Door left open during loading; closed, product checked at 3.1 °C";
    public static readonly DateTimeOffset From = new(2026, 11, 1, 16, 0, 0, TimeSpan.Zero); // 2026-11-02 00:00 +08:00
    public static readonly DateTimeOffset To = From.AddDays(2);
    public static readonly TimeSpan T2Silence = TimeSpan.FromHours(2);

    public static readonly IReadOnlyList<StoredReading> Readings = Build();

    public static string Query(string format, string lang = "en") =>
        $"from={From.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={To.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}&format={format}&lang={lang}&profile=chilled-0-4";

    public static async Task SeedAsync(TestPlatform platform)
    {
        await platform.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<PlatformDbContext>();
            db.Sites.Add(new Site { Id = Site, Name = "华北冷库 North DC", TimeZone = "Asia/Shanghai" });
            db.Sites.Add(new Site { Id = OtherSite, Name = "South DC", TimeZone = "Asia/Shanghai" });
            db.Assets.Add(new Asset { Id = Asset, Name = "冷库一号 Cold room 1", Kind = AssetKind.ColdRoom, Site = Site });
            db.Assets.Add(new Asset { Id = OtherAsset, Name = "Cold room 9", Kind = AssetKind.ColdRoom, Site = OtherSite });
            db.Sensors.Add(new Sensor { Id = T1, Asset = Asset, Kind = "temperature", Serial = "S1" });
            db.Sensors.Add(new Sensor { Id = T2, Asset = Asset, Kind = "temperature", Serial = "S2" });
            db.Sensors.Add(new Sensor { Id = Door, Asset = Asset, Kind = "door", Serial = "S3" });
            db.CalibrationCertificates.Add(new CalibrationCertificate { Id = "c1", Sensor = T1, Number = "CAL-2026-0042", CalibratedOn = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), DueOn = new(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc), Reference = "NIM lab" });
            db.CalibrationCertificates.Add(new CalibrationCertificate { Id = "c2", Sensor = T2, Number = "CAL-2025-0117", CalibratedOn = new(2025, 10, 1, 0, 0, 0, DateTimeKind.Utc), DueOn = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), Reference = "NIM lab" });
            db.Set<Alarm>().Add(new Alarm
            {
                Id = Guid.NewGuid(), Site = Site, Asset = Asset, Source = T1, Condition = "above_range", Severity = "critical", State = AlarmState.Cleared,
                StartedAt = From.AddHours(10).AddMinutes(10).UtcDateTime, EndedAt = From.AddHours(10).AddMinutes(40).UtcDateTime, RaisedAt = From.AddHours(10).AddMinutes(10).UtcDateTime,
                Peak = 7.5, Reason = "above 4 °C for 10 min", AcknowledgedBy = "u1", AcknowledgedByName = "Li Wei", AcknowledgedAt = From.AddHours(10).AddMinutes(15).UtcDateTime,
                AcknowledgementComment = Comment,
            });
            await db.SaveChangesAsync();
            await s.GetRequiredService<ITelemetryStore>().WriteAsync([.. Readings], CancellationToken.None);
            return 0;
        });
    }

    public static IEnumerable<(DateTimeOffset At, double Celsius)> Valid(string sensor) =>
        Readings.Where(r => r.Sensor == sensor && r.Status != ReadingStatus.SensorFault && r.Value is not null).Select(r => (r.Time, r.Value!.Value));

    private static List<StoredReading> Build()
    {
        var readings = new List<StoredReading>();
        for (var minute = 0; minute < 2 * 24 * 60; minute++)
        {
            var at = From.AddMinutes(minute);
            var excursion = minute is >= 600 and < 640;
            var t1 = excursion ? 5 + (2.5 * Math.Sin(Math.PI * (minute - 600) / 40)) : 2.5 + Math.Sin(minute / 60.0);
            readings.Add(minute == 300
                ? new StoredReading(Site, "gw-1", Asset, T1, Quantity.Temperature, at, null, ReadingStatus.SensorFault)
                : new StoredReading(Site, "gw-1", Asset, T1, Quantity.Temperature, at, Math.Round(t1, 3), excursion ? ReadingStatus.OutOfRange : ReadingStatus.Ok));
            if (minute is < 1200 or >= 1320)
            {
                readings.Add(new StoredReading(Site, "gw-1", Asset, T2, Quantity.Temperature, at, Math.Round(2.2 + Math.Cos(minute / 50.0), 3), ReadingStatus.Ok));
            }

            readings.Add(new StoredReading(Site, "gw-1", Asset, Door, Quantity.Door, at, minute % 480 is >= 100 and < 104 ? 1 : 0, ReadingStatus.Ok));
        }

        return readings;
    }
}
