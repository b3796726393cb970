using SkiaSharp;

namespace ColdChain.Platform.Reports.Pdf;

/// <summary>One line of the flowing part of the log: a heading, a column header, or a table row.</summary>
internal sealed record PdfRow(IReadOnlyList<string> Cells, PdfRowStyle Style = PdfRowStyle.Body, SKColor? Color = null)
{
    public static PdfRow Heading(string text) => new([text], PdfRowStyle.Heading);
}

internal enum PdfRowStyle
{
    Heading,
    ColumnHeader,
    Body,
}
