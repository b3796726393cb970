using ColdChain.Platform.Reports;
using ColdChain.Platform.Reports.Pdf;
using ColdChain.Protocol.Telemetry;
using UglyToad.PdfPig;

namespace ColdChain.Platform.Tests.Reports;

public sealed class TemperatureLogPdfTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 24, 16, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_pdf_names_the_asset_in_Chinese_flags_overdue_calibration_and_lists_every_reading()
    {
        var log = SampleLog();

        using var pdf = Render(log);

        var pages = pdf.GetPages().ToList();
        var first = pages[0].Text;
        var all = string.Concat(pages.Select(p => p.Text));
        Assert.Multiple(() =>
        {
            Assert.That(first, Does.Contain("冷库").And.Contain("号 Cold room 1"));
            Assert.That(first, Does.Contain("Door left open during loading; closed, product checked at 3.1 °C"), "the acknowledgement comment is printed whole");
            Assert.That(first, Does.Contain("CALIBRATION OVERDUE"));
            Assert.That(first, Does.Contain("MKT"));
            Assert.That(first, Does.Contain("sha256:abc123"));
            Assert.That(pages[^1].Text, Does.Contain($"page {pages.Count} of {pages.Count}"));
            Assert.That(all, Does.Contain("2026-11-25 00:00:00 +08:00"), "times in the site's zone with their offset");
            Assert.That(CountOccurrences(all, "cold-room-1-t1"), Is.GreaterThanOrEqualTo(log.Readings.Count(r => r.Sensor == "cold-room-1-t1")), "every reading is listed");
        });
    }

    [Test]
    public void A_sensor_fault_is_printed_as_a_fault_never_as_a_number()
    {
        using var pdf = Render(SampleLog());

        var all = string.Concat(pdf.GetPages().Select(p => p.Text));

        Assert.That(all, Does.Contain("—sensor_fault"));
    }

    internal static TemperatureLog SampleLog()
    {
        var readings = new List<LogReading>();
        for (var minute = 0; minute < 24 * 60; minute += 5)
        {
            var at = From.AddMinutes(minute);
            var excursion = minute is >= 600 and < 640;
            readings.Add(new("cold-room-1-t1", at, minute == 300 ? null : Math.Round(2.5 + Math.Sin(minute / 60.0) + (excursion ? 3 : 0), 2), minute == 300 ? ReadingStatus.SensorFault : excursion ? ReadingStatus.OutOfRange : ReadingStatus.Ok));
            readings.Add(new("cold-room-1-t2", at, Math.Round(2.2 + Math.Cos(minute / 50.0), 2), ReadingStatus.Ok));
        }

        return new TemperatureLog
        {
            AssetId = "cold-room-1",
            AssetName = "冷库一号 Cold room 1",
            Site = "dc-north",
            TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"),
            From = From,
            To = From.AddDays(1),
            ProfileName = "Chilled 0–4 °C",
            Low = 0,
            High = 4,
            Sensors = [new("cold-room-1-t1", "certificate CAL-2025-0117, due 2026-10-01", CalibrationOverdue: true), new("cold-room-1-t2", "certificate CAL-2026-0042, due 2027-03-01", CalibrationOverdue: false)],
            Readings = readings,
            Summary = new LogSummary(1.2, 6.4, 2.6, 2.9, TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(40), 99.7),
            Excursions = [new(From.AddMinutes(600), From.AddMinutes(640), 6.4, "alarm-17", "li.wei@dc-north", "Door left open during loading; closed, product checked at 3.1 °C")],
            DocumentId = "sha256:abc123",
            GeneratedAt = From.AddDays(1).AddMinutes(5),
            GeneratedBy = "qa@dc-north",
        };
    }

    private static PdfDocument Render(TemperatureLog log)
    {
        var stream = new MemoryStream();
        TemperatureLogPdf.Render(log, stream);
        return PdfDocument.Open(stream.ToArray());
    }

    private static int CountOccurrences(string text, string value) =>
        (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
