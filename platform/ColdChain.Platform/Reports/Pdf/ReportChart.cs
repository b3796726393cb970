using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace ColdChain.Platform.Reports.Pdf;

/// <summary>
/// One asset's temperatures over its period, drawn as vectors straight onto the PDF page: each sensor's envelope (a
/// gap starts a new line, so a gap stays a gap), the limits as dashed lines, the warning bands, excursions shaded red,
/// door openings shaded blue and gaps grey. The x axis is the site's local time.
/// </summary>
internal static class ReportChart
{
    private const string FontName = "ColdChainReport";
    private static readonly Lazy<bool> FontRegistered = new(() =>
    {
        if (ReportFonts.FilePath is { } path)
        {
            Fonts.AddFontFile(FontName, path);
        }

        return true;
    });

    public static void Draw(SKCanvas canvas, SKRect area, ComplianceReport report, AssetSection section)
    {
        _ = FontRegistered.Value;
        var text = report.Text;
        var plot = new Plot();
        plot.Font.Set(FontName);
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = t => t.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        // Sized for paper: the page is 515 pt wide, so ScottPlot's screen defaults would crowd it.
        plot.YLabel("°C");
        plot.Axes.Left.Label.FontSize = 9;
        plot.Axes.Left.TickLabelStyle.FontSize = 8;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 8;

        var profile = report.Profile;
        var band = profile.WarningBand;
        if (profile.Max is { } max && band > 0)
        {
            var span = plot.Add.VerticalSpan(max - band, max, Colors.Orange.WithAlpha(0.18));
            span.LineStyle.Width = 0;
            span.LegendText = text.WarningBand;
        }

        if (profile.Min is { } min && band > 0)
        {
            var span = plot.Add.VerticalSpan(min, min + band, Colors.Orange.WithAlpha(0.18));
            span.LineStyle.Width = 0;
        }

        // Planned defrosts first, under everything else: an excursion inside one still shows red on top.
        foreach (var defrost in section.PlannedDefrost)
        {
            var span = plot.Add.HorizontalSpan(Local(report, defrost.From), Local(report, defrost.To), Colors.Green.WithAlpha(0.15));
            span.LineStyle.Width = 0;
        }

        var first = true;
        foreach (var excursion in section.Excursions)
        {
            var span = plot.Add.HorizontalSpan(Local(report, excursion.Start), Local(report, excursion.End ?? section.To), Colors.Red.WithAlpha(0.2));
            span.LineStyle.Width = 0;
            span.LegendText = first ? text.Excursion : string.Empty;
            first = false;
        }

        first = true;
        foreach (var door in section.DoorOpenings)
        {
            var to = door.To - door.From < TimeSpan.FromMinutes(2) ? door.From + TimeSpan.FromMinutes(2) : door.To;
            var span = plot.Add.HorizontalSpan(Local(report, door.From), Local(report, to), Colors.Blue.WithAlpha(0.25));
            span.LineStyle.Width = 0;
            span.LegendText = first ? text.Doors : string.Empty;
            first = false;
        }

        foreach (var gap in section.Sensors.SelectMany(s => s.Gaps).Concat(section.MissingBatches))
        {
            var span = plot.Add.HorizontalSpan(Local(report, gap.From), Local(report, gap.To), Colors.Gray.WithAlpha(0.15));
            span.LineStyle.Width = 0;
        }

        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < section.Sensors.Count; s++)
        {
            var sensor = section.Sensors[s];
            var color = palette.GetColor(s);
            var labelled = false;
            foreach (var run in sensor.ChartRuns)
            {
                var xs = run.Select(p => Local(report, p.At)).ToArray();
                var ys = run.Select(p => p.Celsius).ToArray();
                var line = plot.Add.ScatterLine(xs, ys, color);
                line.LineWidth = 1;
                if (run.Count == 1)
                {
                    line.MarkerSize = 3;
                }

                if (!labelled)
                {
                    line.LegendText = sensor.Sensor;
                    labelled = true;
                }
            }
        }

        foreach (var limit in new[] { profile.Min, profile.Max })
        {
            if (limit is { } value)
            {
                var line = plot.Add.HorizontalLine(value, width: 1, color: Colors.Red, pattern: LinePattern.Dashed);
                line.LabelText = string.Create(CultureInfo.InvariantCulture, $"{value:0.#} °C");
                line.LabelFontSize = 7;
                line.LabelOppositeAxis = true;
            }
        }

        plot.Axes.SetLimitsX(Local(report, section.From), Local(report, section.To));
        plot.HideLegend();

        canvas.Save();
        canvas.Translate(area.Left, area.Top);
        plot.Render(canvas, (int)area.Width, (int)(area.Height - LegendHeight));
        canvas.Restore();
        Legend(canvas, area, report, section, palette);
    }

    private const float LegendHeight = 14;

    /// <summary>One row under the chart (ScottPlot's own legend crowds a paper-sized plot): each sensor's colour, then the shadings.</summary>
    private static void Legend(SKCanvas canvas, SKRect area, ComplianceReport report, AssetSection section, ScottPlot.Palettes.Category10 palette)
    {
        var text = report.Text;
        var entries = section.Sensors.Select((s, i) => (s.Sensor, Color: palette.GetColor(i).WithAlpha(1.0), Line: true)).ToList();
        entries.Add((text.WarningBand, Colors.Orange.WithAlpha(0.3), false));
        entries.Add((text.Excursion, Colors.Red.WithAlpha(0.3), false));
        entries.Add((text.Doors, Colors.Blue.WithAlpha(0.35), false));
        entries.Add((text.Gap, Colors.Gray.WithAlpha(0.3), false));
        if (section.PlannedDefrost.Count > 0)
        {
            entries.Add((text.PlannedDefrost, Colors.Green.WithAlpha(0.3), false));
        }

        using var font = new SKFont(ReportFonts.Regular, 7.5f);
        var x = area.Left + 30;
        var y = area.Bottom - 4;
        foreach (var (label, color, line) in entries)
        {
            using var paint = new SKPaint { Color = new SKColor(color.R, color.G, color.B, color.A), IsAntialias = true, StrokeWidth = 1.5f };
            if (line)
            {
                canvas.DrawLine(x, y - 3, x + 14, y - 3, paint);
            }
            else
            {
                canvas.DrawRect(x, y - 7, 14, 8, paint);
            }

            PdfLayout.Text(canvas, label, x + 18, y, font, new SKColor(0x40, 0x40, 0x40));
            x += 18 + font.MeasureText(label) + 12;
        }
    }

    private static double Local(ComplianceReport report, DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, report.TimeZone).DateTime.ToOADate();
}
