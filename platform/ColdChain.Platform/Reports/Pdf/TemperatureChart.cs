using ColdChain.Protocol.Telemetry;
using ScottPlot;
using SkiaSharp;

namespace ColdChain.Platform.Reports.Pdf;

/// <summary>The temperature of every sensor over the period, drawn as vectors into the PDF, with the limits as lines. Gaps stay gaps.</summary>
internal static class TemperatureChart
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

    public static void Draw(SKCanvas canvas, SKRect area, TemperatureLog log)
    {
        _ = FontRegistered.Value;
        var plot = new Plot();
        plot.Font.Set(FontName);
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            // ISO-like labels: "11/25/2026" reads differently in every country.
            ticks.LabelFormatter = t => t.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        }

        plot.YLabel("°C");

        var palette = new ScottPlot.Palettes.Category10();
        var sensors = log.Readings.Select(r => r.Sensor).Distinct(StringComparer.Ordinal).ToList();
        for (var s = 0; s < sensors.Count; s++)
        {
            var color = palette.GetColor(s);
            var first = true;
            foreach (var segment in Segments(log, sensors[s]))
            {
                var line = plot.Add.ScatterLine(segment.Select(p => p.X).ToArray(), segment.Select(p => p.Y).ToArray(), color);
                line.LineWidth = 1;
                if (first)
                {
                    line.LegendText = sensors[s];
                    first = false;
                }
            }
        }

        foreach (var limit in new[] { log.Low, log.High })
        {
            var line = plot.Add.HorizontalLine(limit, width: 1, color: Colors.Red, pattern: LinePattern.Dashed);
            line.Text = $"{limit:0.#} °C";
        }

        plot.Axes.SetLimitsX(Local(log, log.From), Local(log, log.To));
        plot.ShowLegend(Alignment.UpperRight);

        canvas.Save();
        canvas.Translate(area.Left, area.Top);
        plot.Render(canvas, (int)area.Width, (int)area.Height);
        canvas.Restore();
    }

    /// <summary>Runs of consecutive values; a fault or a silence longer than three usual intervals starts a new run.</summary>
    private static IEnumerable<List<(double X, double Y)>> Segments(TemperatureLog log, string sensor)
    {
        var readings = log.Readings.Where(r => r.Sensor == sensor && r.Status != ReadingStatus.SensorFault && r.Value is not null).ToList();
        if (readings.Count == 0)
        {
            yield break;
        }

        var usual = readings.Count > 1
            ? readings.Zip(readings.Skip(1), (a, b) => b.At - a.At).Order().ElementAt((readings.Count - 1) / 2)
            : TimeSpan.FromMinutes(1);
        var segment = new List<(double X, double Y)>();
        DateTimeOffset? previous = null;
        foreach (var reading in readings)
        {
            if (previous is { } p && reading.At - p > usual * 3 && segment.Count > 0)
            {
                yield return segment;
                segment = [];
            }

            segment.Add((Local(log, reading.At), reading.Value!.Value));
            previous = reading.At;
        }

        yield return segment;
    }

    private static double Local(TemperatureLog log, DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, log.TimeZone).DateTime.ToOADate();
}
