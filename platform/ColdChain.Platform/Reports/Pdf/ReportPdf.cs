using System.Globalization;
using ColdChain.Platform.Reports.Text;
using SkiaSharp;

namespace ColdChain.Platform.Reports.Pdf;

/// <summary>
/// The report an auditor reads on paper (A4, SkiaSharp's PDF backend, text and chart as vectors): scope and period in
/// the site's zone with the offset; per sensor min, max, mean, MKT, time out of range and coverage; per asset a chart,
/// the gaps, the excursions with their alarms and acknowledgements; calibration with overdue marked; handovers with
/// signatures; the verification id and data hash. Every page is footed with the id and "page i of n". The raw readings
/// are in the CSV of the same scope (a month at one minute would be thousands of pages).
/// </summary>
public static class ReportPdf
{
    private const float Row = 12.5f, ChartHeight = 240;
    private static readonly SKColor Ink = new(0x20, 0x20, 0x20), Alert = new(0xC0, 0x1B, 0x1B), Muted = new(0x6A, 0x6A, 0x6A);

    public static void Render(ComplianceReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = report.Text;
        using var font = new SKFont(ReportFonts.Regular, 8.5f);
        using var bold = new SKFont(ReportFonts.Regular, 8.5f) { Embolden = true };
        using var heading = new SKFont(ReportFonts.Regular, 12) { Embolden = true };
        using var title = new SKFont(ReportFonts.Regular, 17) { Embolden = true };
        var fonts = new Fonts(font, bold, heading, title);
        var layout = new PdfLayout();
        Header(layout, report, fonts);
        Summary(layout, report, fonts);
        foreach (var section in report.Assets)
        {
            Asset(layout, report, section, fonts);
        }

        Calibration(layout, report, fonts);
        Handovers(layout, report, fonts);
        Verification(layout, report, fonts);

        layout.Write(
            output,
            report.Issue,
            $"{text.Title} {report.Scope.Id} {Time(report, report.From)} – {Time(report, report.To)}",
            "ColdChain temperature log",
            (page, pages) => $"ColdChain · {text.Title} · {report.Scope.Id} · {text.VerificationId} {report.Issue.VerificationId} · {string.Format(CultureInfo.InvariantCulture, text.Page, page, pages)}",
            font,
            Muted);
    }

    private sealed record Fonts(SKFont Body, SKFont Bold, SKFont Heading, SKFont Title);

    private static void Header(PdfLayout layout, ComplianceReport report, Fonts fonts)
    {
        var text = report.Text;
        var scope = report.Scope;
        layout.Block(26, (c, top) => PdfLayout.Text(c, $"{text.Title} · {scope.Title}", PdfLayout.Margin, top + 17, fonts.Title, Ink));
        var profile = report.Profile;
        string[] facts =
        [
            $"{text.Scope}: {text.ScopeKinds[(int)scope.Kind]} {scope.Id} · {report.SiteName} ({scope.Site})",
            $"{text.Period}: {Time(report, report.From)} – {Time(report, report.To)}",
            $"{text.TimeZone}: {report.TimeZone.Id} (UTC{Offset(report, report.From)})",
            $"{text.Profile}: {profile.Name} · {text.Limits} {Number(profile.Min)} … {Number(profile.Max)} °C · {text.WarningBand} {Number(profile.WarningBand)} °C",
            $"{text.GeneratedBy}: {report.Issue.GeneratedBy} · {text.GeneratedAt}: {Time(report, report.Issue.GeneratedAt)}",
            $"{text.VerificationId}: {report.Issue.VerificationId}",
        ];
        foreach (var fact in facts)
        {
            layout.Block(Row, (c, top) => PdfLayout.Text(c, fact, PdfLayout.Margin, top + 9, fonts.Body, Ink));
        }

        layout.Space(8);
    }

    private static void Summary(PdfLayout layout, ComplianceReport report, Fonts fonts)
    {
        var text = report.Text;
        Heading(layout, text.Summary, fonts);
        float[] columns = [0, 70, 160, 205, 250, 295, 340, 405, 465];
        string[] header = [text.Asset, text.Sensor, text.Readings, text.Min, text.Max, text.Mean, text.Mkt, text.OutOfRange, text.Coverage];
        var rows = report.Assets.SelectMany(a => a.Sensors.Select(s =>
        {
            var st = s.Statistics;
            var bad = st.OutOfRange > TimeSpan.Zero || st.CoveragePercent < 99.95;
            return (Cells: (string[])[a.Asset, s.Sensor, st.Count.ToString(CultureInfo.InvariantCulture), Number(st.Min), Number(st.Max), Number(st.Mean), Number(st.Mkt), Duration(st.OutOfRange), Percent(st.CoveragePercent)], Color: bad ? Alert : Ink);
        }));
        Table(layout, columns, header, rows, fonts);
        Paragraph(layout, text.MktNote, fonts.Body, Muted);
        layout.Space(6);
    }

    private static void Asset(PdfLayout layout, ComplianceReport report, AssetSection section, Fonts fonts)
    {
        var text = report.Text;
        layout.Need(ChartHeight + 40);
        Heading(layout, $"{text.Asset}: {section.Name} ({section.Asset}) · {Time(report, section.From)} – {Time(report, section.To)}", fonts);
        layout.Block(ChartHeight, (c, top) => ReportChart.Draw(c, new SKRect(PdfLayout.Margin, top, PdfLayout.Margin + PdfLayout.ContentWidth, top + ChartHeight), report, section));
        layout.Space(6);

        Heading(layout, $"{text.Excursions} ({section.Excursions.Count})", fonts);
        if (section.Excursions.Count == 0)
        {
            Paragraph(layout, text.NoExcursions, fonts.Body, Ink);
        }
        else
        {
            float[] columns = [0, 55, 160, 265, 315, 355];
            string[] header = [text.Sensor, text.Start, text.End, text.Duration, text.Peak, text.Alarm];
            var rows = new List<(string[] Cells, SKColor Color)>();
            foreach (var e in section.Excursions)
            {
                var alarm = e.Alarm is null ? text.NoAlarm : $"{e.Alarm.Severity} {e.Alarm.Condition}";
                rows.Add(([e.Sensor, Time(report, e.Start), e.End is { } end ? Time(report, end) : text.Ongoing, Duration(e.Duration(section.To)), Number(e.Peak), alarm], Alert));
                rows.AddRange(Acknowledgement(report, e.Alarm, columns.Length, PdfLayout.ContentWidth - columns[^1], fonts));
            }

            Table(layout, columns, header, rows, fonts);
        }

        if (section.OtherAlarms.Count > 0)
        {
            Heading(layout, $"{text.OtherAlarms} ({section.OtherAlarms.Count})", fonts);
            float[] columns = [0, 55, 160, 265, 355];
            string[] header = [text.Sensor, text.Start, text.End, string.Empty, text.Alarm];
            var rows = new List<(string[] Cells, SKColor Color)>();
            foreach (var a in section.OtherAlarms)
            {
                rows.Add(([a.Source, Time(report, a.Start), a.End is { } end ? Time(report, end) : text.Ongoing, string.Empty, $"{a.Severity} {a.Condition}"], Ink));
                rows.AddRange(Acknowledgement(report, a, columns.Length, PdfLayout.ContentWidth - columns[^1], fonts));
            }

            Table(layout, columns, header, rows, fonts);
        }

        var gaps = section.Sensors.SelectMany(s => s.Gaps).Concat(section.MissingBatches).OrderBy(g => g.From).ToList();
        Heading(layout, $"{text.Gaps} ({gaps.Count})", fonts);
        if (gaps.Count == 0)
        {
            Paragraph(layout, text.NoGaps, fonts.Body, Ink);
        }
        else
        {
            float[] columns = [0, 70, 175, 280, 340];
            string[] header = [text.Sensor, text.GapFrom, text.GapTo, text.Duration, text.GapReason];
            Table(layout, columns, header, gaps.Select(g => ((string[])[g.Source, Time(report, g.From), Time(report, g.To), Duration(g.Duration),
                g.MissingBatches > 0 ? string.Format(CultureInfo.InvariantCulture, text.MissingBatchesReason, g.MissingBatches) : text.SilenceReason], Alert)), fonts);
        }

        layout.Space(8);
    }

    private static void Calibration(PdfLayout layout, ComplianceReport report, Fonts fonts)
    {
        var text = report.Text;
        Heading(layout, text.Calibration, fonts);
        float[] columns = [0, 90, 200, 280, 360];
        string[] header = [text.Sensor, text.Certificate, text.CalibratedOn, text.DueOn, string.Empty];
        var rows = report.Assets.SelectMany(a => a.Sensors).DistinctBy(s => s.Sensor).Select(s => s.Calibration is { } cal
            ? ((string[])[s.Sensor, cal.Number, Date(report, cal.CalibratedOn), Date(report, cal.DueOn), s.CalibrationOverdue ? text.Overdue : cal.Reference], s.CalibrationOverdue ? Alert : Ink)
            : ([s.Sensor, text.NoCertificate, "—", "—", text.Overdue], Alert));
        Table(layout, columns, header, rows, fonts);
        layout.Space(8);
    }

    private static void Handovers(PdfLayout layout, ComplianceReport report, Fonts fonts)
    {
        var text = report.Text;
        if (report.Scope.Handovers.Count == 0)
        {
            return;
        }

        Heading(layout, text.Handovers, fonts);
        foreach (var h in report.Scope.Handovers)
        {
            Paragraph(layout, $"{Time(report, h.At)} · {h.FromParty} → {h.ToParty} · {text.Verdict}: {h.Verdict}", fonts.Bold, Ink);
            foreach (var s in h.Signatures)
            {
                Paragraph(layout, $"{text.Signatures}: {s.PrintedName} · {Time(report, s.At)} · {s.Meaning}", fonts.Body, Ink, indent: 12);
            }
        }

        layout.Space(8);
    }

    private static void Verification(PdfLayout layout, ComplianceReport report, Fonts fonts)
    {
        var text = report.Text;
        layout.Need(10 * Row);
        Heading(layout, text.Verification, fonts);
        Paragraph(layout, $"{text.VerificationId}: {report.Issue.VerificationId}", fonts.Bold, Ink);
        Paragraph(layout, $"{text.ContentHash}: {ReportDigest.Compute(report)}", fonts.Body, Ink);
        Paragraph(layout, text.VerifyHow, fonts.Body, Ink);
        Paragraph(layout, text.ReadingsNote, fonts.Body, Muted);
    }

    /// <summary>Who acknowledged the alarm, when, and their comment printed whole, wrapped in the last column.</summary>
    private static IEnumerable<(string[] Cells, SKColor Color)> Acknowledgement(ComplianceReport report, ReportAlarm? alarm, int columns, float width, Fonts fonts)
    {
        if (alarm is null)
        {
            yield break;
        }

        var text = report.Text;
        var who = alarm.AcknowledgedBy is { } by ? $"{text.AcknowledgedBy} {by} · {Time(report, alarm.AcknowledgedAt ?? alarm.Start)}" : text.NotAcknowledged;
        var comment = string.IsNullOrWhiteSpace(alarm.Comment) ? string.Empty : $"\n“{alarm.Comment.Trim()}”";
        foreach (var line in PdfLayout.Wrap(who + comment, fonts.Body, width - 4))
        {
            var cells = Enumerable.Repeat(string.Empty, columns).ToArray();
            cells[^1] = line;
            yield return (cells, Ink);
        }
    }

    private static void Heading(PdfLayout layout, string heading, Fonts fonts)
    {
        layout.Need(Row * 3);
        layout.Block(Row + 6, (c, top) => PdfLayout.Text(c, heading, PdfLayout.Margin, top + 13, fonts.Heading, Ink));
    }

    private static void Paragraph(PdfLayout layout, string paragraph, SKFont font, SKColor color, float indent = 0)
    {
        foreach (var line in PdfLayout.Wrap(paragraph, font, PdfLayout.ContentWidth - indent))
        {
            layout.Block(Row, (c, top) => PdfLayout.Text(c, line, PdfLayout.Margin + indent, top + 9, font, color));
        }
    }

    /// <summary>Rows under a header; the header is repeated at the top of a page the table continues on.</summary>
    private static void Table(PdfLayout layout, float[] columns, string[] header, IEnumerable<(string[] Cells, SKColor Color)> rows, Fonts fonts)
    {
        var pageOfHeader = -1;
        foreach (var (cells, color) in rows)
        {
            layout.Need(Row * (pageOfHeader == layout.Pages.Count ? 1 : 2));
            if (pageOfHeader != layout.Pages.Count)
            {
                layout.Block(Row, (c, top) => Cells(c, columns, header, top, fonts.Bold, Muted));
                pageOfHeader = layout.Pages.Count;
            }

            layout.Block(Row, (c, top) => Cells(c, columns, cells, top, fonts.Body, color));
        }
    }

    private static void Cells(SKCanvas canvas, float[] columns, string[] cells, float top, SKFont font, SKColor color)
    {
        for (var i = 0; i < cells.Length && i < columns.Length; i++)
        {
            var width = (i + 1 < columns.Length ? columns[i + 1] : PdfLayout.ContentWidth) - columns[i] - 4;
            var cell = cells[i];
            while (cell.Length > 1 && font.MeasureText(cell) > width)
            {
                cell = cell[..^2] + "…";
            }

            PdfLayout.Text(canvas, cell, PdfLayout.Margin + columns[i], top + 9, font, color);
        }
    }

    internal static string Time(ComplianceReport report, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, report.TimeZone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string Date(ComplianceReport report, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, report.TimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Offset(ComplianceReport report, DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, report.TimeZone).ToString("zzz", CultureInfo.InvariantCulture);

    internal static string Number(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    internal static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " %";

    internal static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min");
}
