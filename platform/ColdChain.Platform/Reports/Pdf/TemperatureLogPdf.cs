using System.Globalization;
using ColdChain.Protocol.Telemetry;
using SkiaSharp;

namespace ColdChain.Platform.Reports.Pdf;

/// <summary>
/// Lays a <see cref="TemperatureLog"/> out as an A4 PDF (Skia's PDF backend, vector text and chart): a first page with
/// the asset, period, profile, summary (min, max, mean, MKT, time out of range, coverage), sensors with their
/// calibration, and the chart; then the excursions and every reading, out-of-range rows in red; each page footed with
/// the document id and "page i of n".
/// </summary>
public static class TemperatureLogPdf
{
    private const float PageWidth = 595, PageHeight = 842, Margin = 40, RowHeight = 13, ChartHeight = 250;
    private static readonly SKColor Ink = new(0x20, 0x20, 0x20), Alert = new(0xC0, 0x1B, 0x1B), Muted = new(0x70, 0x70, 0x70);
    private static readonly float[] ExcursionColumns = [0, 130, 260, 320, 420];
    private static readonly float[] ReadingColumns = [0, 150, 300, 380];

    public static void Render(TemperatureLog log, Stream output)
    {
        ArgumentNullException.ThrowIfNull(log);
        var rows = Rows(log);
        var pages = Paginate(rows, FirstPageHeight(log));
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"Temperature log {log.AssetId} {Time(log, log.From)} – {Time(log, log.To)}",
            Author = log.GeneratedBy,
            Creator = "ColdChain",
            Producer = "ColdChain (SkiaSharp PDF)",
            Creation = log.GeneratedAt.UtcDateTime,
            Subject = log.DocumentId,
        };

        using var document = SKDocument.CreatePdf(output, metadata);
        using var font = new SKFont(ReportFonts.Regular, 9);
        using var bold = new SKFont(ReportFonts.Regular, 9) { Embolden = true };
        for (var p = 0; p < pages.Count; p++)
        {
            var canvas = document.BeginPage(PageWidth, PageHeight);
            var y = Margin;
            if (p == 0)
            {
                y = DrawFirstPage(canvas, log, font, bold);
            }

            foreach (var row in pages[p])
            {
                DrawRow(canvas, row, y, font, bold);
                y += RowHeight;
            }

            Footer(canvas, log, p + 1, pages.Count, font);
            document.EndPage();
        }

        document.Close();
    }

    private static float DrawFirstPage(SKCanvas canvas, TemperatureLog log, SKFont font, SKFont bold)
    {
        using var title = new SKFont(ReportFonts.Regular, 16) { Embolden = true };
        var y = Margin + 12;
        Text(canvas, "Temperature log · 温度记录", Margin, y, title, Ink);
        y += 22;
        string[] facts =
        [
            $"Asset: {log.AssetName} ({log.AssetId})    Site: {log.Site}",
            $"Period: {Time(log, log.From)} – {Time(log, log.To)} ({log.TimeZone.Id})",
            $"Profile: {log.ProfileName}, {Number(log.Low)} … {Number(log.High)} °C",
            $"Generated {Time(log, log.GeneratedAt)} by {log.GeneratedBy}    Document: {log.DocumentId}",
        ];
        foreach (var fact in facts)
        {
            Text(canvas, fact, Margin, y, font, Ink);
            y += RowHeight;
        }

        y += 6;
        var s = log.Summary;
        Text(canvas, $"Min {Number(s.Min)} °C   Max {Number(s.Max)} °C   Mean {Number(s.Mean)} °C   MKT {Number(s.Mkt)} °C", Margin, y, bold, Ink);
        y += RowHeight;
        var outOfRange = s.TimeOutOfRange > TimeSpan.Zero;
        Text(canvas, $"Time out of range {Duration(s.TimeOutOfRange)} (longest {Duration(s.LongestExcursion)})   Data coverage {s.CoveragePercent.ToString("0.0", CultureInfo.InvariantCulture)} %", Margin, y, bold, outOfRange ? Alert : Ink);
        y += RowHeight + 6;

        foreach (var sensor in log.Sensors)
        {
            var calibration = sensor.CalibrationOverdue ? $"{sensor.Calibration} — CALIBRATION OVERDUE" : sensor.Calibration;
            Text(canvas, $"Sensor {sensor.Id}: {calibration}", Margin, y, font, sensor.CalibrationOverdue ? Alert : Ink);
            y += RowHeight;
        }

        y += 6;
        TemperatureChart.Draw(canvas, new SKRect(Margin, y, PageWidth - Margin, y + ChartHeight), log);
        return y + ChartHeight + 10;
    }

    private static List<PdfRow> Rows(TemperatureLog log)
    {
        var rows = new List<PdfRow> { PdfRow.Heading($"Excursions ({log.Excursions.Count})") };
        if (log.Excursions.Count > 0)
        {
            rows.Add(new(["Start", "End", "Peak °C", "Alarm", "Acknowledged"], PdfRowStyle.ColumnHeader));
            foreach (var e in log.Excursions)
            {
                rows.Add(new([Time(log, e.Start), e.End is { } end ? Time(log, end) : "ongoing", Number(e.Peak), e.AlarmId ?? "—", e.AcknowledgedBy ?? "not acknowledged"], Color: Alert));
                if (!string.IsNullOrWhiteSpace(e.Comment))
                {
                    rows.Add(new([$"    “{e.Comment}”"]));
                }
            }
        }
        else
        {
            rows.Add(new(["None in this period."]));
        }

        rows.Add(new([string.Empty]));
        rows.Add(PdfRow.Heading($"Readings ({log.Readings.Count})"));
        rows.Add(new(["Time", "Sensor", "°C", "Status"], PdfRowStyle.ColumnHeader));
        foreach (var r in log.Readings)
        {
            var outOfRange = r.Value is { } v && (v < log.Low || v > log.High);
            var faulty = r.Status == ReadingStatus.SensorFault;
            rows.Add(new(
                [Time(log, r.At), r.Sensor, r.Value is { } value ? Number(value) : "—", r.Status.WireName()],
                Color: outOfRange || faulty ? Alert : null));
        }

        return rows;
    }

    /// <summary>Splits the rows over pages; a readings page starts with the column header again.</summary>
    private static List<List<PdfRow>> Paginate(List<PdfRow> rows, float firstPageHeight)
    {
        var firstPageRows = (int)((PageHeight - Margin - firstPageHeight - 30) / RowHeight);
        var pageRows = (int)((PageHeight - (2 * Margin) - 30) / RowHeight);
        var pages = new List<List<PdfRow>> { new() };
        PdfRow? header = null;
        foreach (var row in rows)
        {
            header = row.Style switch
            {
                PdfRowStyle.ColumnHeader => row,
                PdfRowStyle.Heading => null,
                _ => header,
            };
            var capacity = pages.Count == 1 ? firstPageRows : pageRows;
            if (pages[^1].Count >= capacity)
            {
                pages.Add(header is not null && row != header ? [header] : []);
            }

            pages[^1].Add(row);
        }

        return pages;
    }

    /// <summary>Must match what <see cref="DrawFirstPage"/> draws.</summary>
    private static float FirstPageHeight(TemperatureLog log) => 12 + 22 + (4 * RowHeight) + 6 + (2 * RowHeight) + 6 + (log.Sensors.Count * RowHeight) + 6 + ChartHeight + 10;

    private static void DrawRow(SKCanvas canvas, PdfRow row, float y, SKFont font, SKFont bold)
    {
        var baseline = y + 10;
        if (row.Style == PdfRowStyle.Heading)
        {
            Text(canvas, row.Cells[0], Margin, baseline, bold, Ink);
            return;
        }

        var columns = row.Cells.Count == 5 ? ExcursionColumns : ReadingColumns;
        var style = row.Style == PdfRowStyle.ColumnHeader ? bold : font;
        for (var c = 0; c < row.Cells.Count && c < columns.Length; c++)
        {
            Text(canvas, row.Cells[c], Margin + columns[c], baseline, style, row.Color ?? (row.Style == PdfRowStyle.ColumnHeader ? Muted : Ink));
        }
    }

    private static void Footer(SKCanvas canvas, TemperatureLog log, int page, int pages, SKFont font)
    {
        var text = $"ColdChain temperature log · {log.AssetId} · document {log.DocumentId} · page {page} of {pages}";
        Text(canvas, text, Margin, PageHeight - (Margin / 2), font, Muted);
    }

    private static void Text(SKCanvas canvas, string text, float x, float y, SKFont font, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
    }

    private static string Time(TemperatureLog log, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, log.TimeZone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("0.0#", CultureInfo.InvariantCulture) : "—";

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min");
}
