using System.Globalization;
using System.Text.Json;
using ColdChain.Platform.Reports.Pdf;
using ColdChain.Platform.Shipments.Handovers;
using SkiaSharp;

namespace ColdChain.Platform.Reports.Receipts;

/// <summary>What a receipt shows: the signed check, its signatures, and the leg it ends as a one-asset report (chart, zone, profile).</summary>
public sealed record HandoverReceipt(HandoverCheck Check, IReadOnlyList<HandoverSignature> Signatures, ComplianceReport Leg, bool DocumentIntact)
{
    public ReceiptText Text => ReceiptText.For(Leg.Issue.Language);
}

/// <summary>
/// One A4 page per signed handover: what was handed over by whom, the verdict with its reasons, the evidence of the leg
/// it ends (statistics per sensor, the budget carried from the origin, the product probe), the leg's chart, each
/// signature (printed name, party, time, meaning, comment), the check document's SHA-256 and the verification id.
/// Long lists are cut to keep it one page; the check document (GET /api/handovers/{id}) holds everything.
/// </summary>
public static class HandoverReceiptPdf
{
    private const float Row = 12.5f, ChartHeight = 170;
    private const int MaxReasons = 5, MaxSensors = 6;
    private static readonly SKColor Ink = new(0x20, 0x20, 0x20), Alert = new(0xC0, 0x1B, 0x1B), Good = new(0x1B, 0x7A, 0x2E), Doubt = new(0xB0, 0x6A, 0x00), Muted = new(0x6A, 0x6A, 0x6A);

    public static void Render(HandoverReceipt receipt, Stream output)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var text = receipt.Text;
        var report = receipt.Leg;
        var check = receipt.Check;
        using var parsed = JsonDocument.Parse(check.Document);
        var document = parsed.RootElement;
        using var body = new SKFont(ReportFonts.Regular, 8.5f);
        using var bold = new SKFont(ReportFonts.Regular, 8.5f) { Embolden = true };
        using var heading = new SKFont(ReportFonts.Regular, 11) { Embolden = true };
        using var title = new SKFont(ReportFonts.Regular, 16) { Embolden = true };
        using var verdictFont = new SKFont(ReportFonts.Regular, 14) { Embolden = true };
        var layout = new PdfLayout();
        var lines = new Lines(layout, body);

        layout.Block(24, (c, top) => PdfLayout.Text(c, $"{text.Title} · {text.Order} {check.OrderRef}", PdfLayout.Margin, top + 16, title, Ink));
        var lots = document.GetProperty("lots").EnumerateArray().Select(l => l.GetString()).ToList();
        var sscc = document.GetProperty("sscc").GetString();
        lines.Add($"{text.Product}: {document.GetProperty("product").GetString()}{(sscc is null ? string.Empty : $" · SSCC {sscc}")}{(lots.Count > 0 ? $" · {text.Lots} {string.Join(", ", lots)}" : string.Empty)}");
        var leg = report.Assets[0];
        lines.Add($"{text.Handover}: {ReportPdf.Time(report, Utc(check.HandoverAt))} · {text.Type} {check.Type} · {check.FromParty} → {check.ToParty}");
        lines.Add($"{text.Asset} {check.LegIndex}: {leg.Name} ({leg.Asset}) {ReportPdf.Time(report, leg.From)} – {ReportPdf.Time(report, leg.To)}{(check.NextAsset is null ? string.Empty : $" · {text.NextAsset} {check.NextAsset}")}");
        lines.Add($"{report.Text.Profile}: {report.Profile.Name} · {report.Text.Limits} {ReportPdf.Number(report.Profile.Min)} … {ReportPdf.Number(report.Profile.Max)} °C");
        lines.Add($"{text.CheckedBy}: {check.CheckedBy} · {ReportPdf.Time(report, Utc(check.CheckedAt))}");
        lines.Add($"{report.Text.GeneratedBy}: {report.Issue.GeneratedBy} · {ReportPdf.Time(report, report.Issue.GeneratedAt)}");
        layout.Space(4);

        var verdictColor = check.Verdict switch { "intact" => Good, "breached" => Alert, _ => Doubt };
        layout.Block(22, (c, top) => PdfLayout.Text(c, $"{text.Verdict}: {text.Verdicts.GetValueOrDefault(check.Verdict, check.Verdict)}", PdfLayout.Margin, top + 15, verdictFont, verdictColor));
        var reasons = document.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("text").GetString() ?? string.Empty).ToList();
        Heading(layout, text.Reasons, heading);
        if (reasons.Count == 0)
        {
            lines.Wrapped(text.NoReasons, Ink);
        }

        foreach (var reason in reasons.Take(MaxReasons))
        {
            lines.Wrapped("• " + reason, verdictColor);
        }

        if (reasons.Count > MaxReasons)
        {
            lines.Wrapped(string.Format(CultureInfo.InvariantCulture, text.MoreReasons, reasons.Count - MaxReasons), Muted);
        }

        Evidence(layout, lines, receipt, document, heading, bold);
        layout.Block(ChartHeight, (c, top) => ReportChart.Draw(c, new SKRect(PdfLayout.Margin, top, PdfLayout.Margin + PdfLayout.ContentWidth, top + ChartHeight), report, leg));
        layout.Space(4);

        Heading(layout, text.Signatures, heading);
        float[] columns = [0, 150, 270, 390];
        layout.Block(Row, (c, top) => Cells(c, columns, [text.Name, text.Party, text.SignedAt, text.Meaning], top, bold, Muted));
        foreach (var s in receipt.Signatures)
        {
            string[] cells = [s.PrintedName, s.Party, ReportPdf.Time(report, Utc(s.SignedAt)), text.Meanings.GetValueOrDefault(s.Meaning, s.Meaning)];
            layout.Block(Row, (c, top) => Cells(c, columns, cells, top, body, Ink));
            if (!string.IsNullOrWhiteSpace(s.Comment))
            {
                lines.Wrapped($"{text.Comment}: “{s.Comment.Trim()}”", Ink, indent: 12);
            }
        }

        layout.Space(4);
        Heading(layout, report.Text.Verification, heading);
        lines.Add($"{text.CheckDocument}:");
        lines.Add(check.DocumentSha256, receipt.DocumentIntact ? Ink : Alert);
        lines.Add(receipt.DocumentIntact ? text.DocumentIntact : text.DocumentChanged, receipt.DocumentIntact ? Muted : Alert);
        layout.Block(Row, (c, top) => PdfLayout.Text(c, $"{report.Text.VerificationId}: {report.Issue.VerificationId}", PdfLayout.Margin, top + 9, bold, Ink));
        lines.Wrapped(text.VerifyHow, Muted);

        layout.Write(
            output,
            report.Issue,
            $"{text.Title} {check.OrderRef} {check.FromParty} → {check.ToParty}",
            $"ColdChain handover receipt {check.Id}",
            (page, pages) => $"ColdChain · {text.Title} · {check.OrderRef} · {report.Text.VerificationId} {report.Issue.VerificationId} · {string.Format(CultureInfo.InvariantCulture, report.Text.Page, page, pages)}",
            body,
            Muted);
    }

    /// <summary>The leg's statistics per sensor as the check computed them, the budget carried from the origin and the product probe.</summary>
    private static void Evidence(PdfLayout layout, Lines lines, HandoverReceipt receipt, JsonElement document, SKFont heading, SKFont bold)
    {
        var text = receipt.Text;
        var words = receipt.Leg.Text;
        Heading(layout, text.Evidence, heading);
        var leg = document.GetProperty("legs").EnumerateArray().FirstOrDefault(l => l.GetProperty("index").GetInt32() == receipt.Check.LegIndex);
        float[] columns = [0, 90, 140, 190, 240, 290, 350, 410, 460];
        layout.Block(Row, (c, top) => Cells(c, columns, [words.Sensor, words.Min, words.Max, words.Mean, words.Mkt, words.Coverage, text.Excursions, text.Gaps, text.Faults], top, bold, Muted));
        var sensors = leg.ValueKind == JsonValueKind.Object ? leg.GetProperty("sensors").EnumerateArray().ToList() : [];
        foreach (var s in sensors.Take(MaxSensors))
        {
            var excursions = s.GetProperty("excursions").GetArrayLength();
            var gaps = s.GetProperty("gaps").GetArrayLength();
            var faults = s.GetProperty("faults").GetInt32();
            var coverage = s.GetProperty("coveragePercent").GetDouble();
            string[] cells =
            [
                s.GetProperty("sensor").GetString() ?? string.Empty, Number(s, "min"), Number(s, "max"), Number(s, "mean"), Number(s, "mkt"),
                ReportPdf.Percent(coverage), Count(excursions), Count(gaps), Count(faults),
            ];
            var color = excursions + gaps + faults > 0 || coverage < 99.95 || s.GetProperty("calibrationOverdue").GetBoolean() ? Alert : Ink;
            layout.Block(Row, (c, top) => Cells(c, columns, cells, top, lines.Font, color));
        }

        if (sensors.Count > MaxSensors)
        {
            lines.Add($"… +{sensors.Count - MaxSensors}", Muted);
        }

        lines.Add(string.Format(CultureInfo.InvariantCulture, text.Budget,
            ReportPdf.Duration(Span(document, "cumulativeExcursionSinceOrigin")), ReportPdf.Duration(Span(document, "budgetRemaining"))));
        if (document.TryGetProperty("productCheck", out var product) && product.ValueKind == JsonValueKind.Object)
        {
            var probe = product.GetProperty("probe");
            lines.Wrapped(string.Format(CultureInfo.InvariantCulture, text.Probe,
                probe.GetProperty("probeId").GetString(),
                ReportPdf.Number(probe.GetProperty("value").GetDouble()),
                ReportPdf.Time(receipt.Leg, probe.GetProperty("at").GetDateTimeOffset()),
                Number(product, "compartmentAtProbe"),
                product.GetProperty("withinAcceptance").GetBoolean() ? text.Yes : text.No,
                product.GetProperty("withinAllowedDelta").GetBoolean() ? text.Yes : text.No), Ink);
        }

        layout.Space(4);
    }

    private static string Number(JsonElement element, string property) =>
        ReportPdf.Number(element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null);

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static TimeSpan Span(JsonElement document, string property) =>
        document.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : TimeSpan.Zero;

    private static void Heading(PdfLayout layout, string heading, SKFont font) =>
        layout.Block(Row + 5, (c, top) => PdfLayout.Text(c, heading, PdfLayout.Margin, top + 12, font, Ink));

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

    private static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));

    /// <summary>Body lines: one line, or a paragraph wrapped to the page.</summary>
    private sealed class Lines(PdfLayout layout, SKFont font)
    {
        public SKFont Font => font;

        public void Add(string line) => Add(line, Ink);

        public void Add(string line, SKColor color, float indent = 0) =>
            layout.Block(Row, (c, top) => PdfLayout.Text(c, line, PdfLayout.Margin + indent, top + 9, font, color));

        public void Wrapped(string paragraph, SKColor color, float indent = 0)
        {
            foreach (var line in PdfLayout.Wrap(paragraph, font, PdfLayout.ContentWidth - indent))
            {
                Add(line, color, indent);
            }
        }
    }
}
