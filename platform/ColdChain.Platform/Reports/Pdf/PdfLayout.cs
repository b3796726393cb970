using SkiaSharp;

namespace ColdChain.Platform.Reports.Pdf;

/// <summary>
/// Flows blocks down A4 pages and records each page's drawing, so the footer can say "page i of n" once n is known.
/// </summary>
internal sealed class PdfLayout
{
    public const float PageWidth = 595, PageHeight = 842, Margin = 40, FooterSpace = 28;
    public const float ContentWidth = PageWidth - (2 * Margin);

    private readonly List<List<Action<SKCanvas>>> _pages = [[]];

    public float Y { get; private set; } = Margin;

    public IReadOnlyList<IReadOnlyList<Action<SKCanvas>>> Pages => _pages;

    /// <summary>Starts a new page when <paramref name="height"/> does not fit on this one.</summary>
    public void Need(float height)
    {
        if (Y + height > PageHeight - Margin - FooterSpace && Y > Margin)
        {
            _pages.Add([]);
            Y = Margin;
        }
    }

    /// <summary>Reserves <paramref name="height"/> and draws into it; the action gets the block's top.</summary>
    public void Block(float height, Action<SKCanvas, float> draw)
    {
        Need(height);
        var top = Y;
        _pages[^1].Add(canvas => draw(canvas, top));
        Y += height;
    }

    public void Space(float height) => Y += height;

    /// <summary>
    /// Writes the laid-out pages as one PDF whose metadata names the issue (who, when, verification id), with
    /// <paramref name="footer"/>(page, pages) at the foot of every page.
    /// </summary>
    public void Write(Stream output, ReportIssue issue, string title, string subject, Func<int, int, string> footer, SKFont font, SKColor color)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Author = issue.GeneratedBy,
            Creator = "ColdChain",
            Producer = "ColdChain (SkiaSharp PDF)",
            Creation = issue.GeneratedAt.UtcDateTime,
            Subject = $"{subject}, verification id {issue.VerificationId}",
            Keywords = $"coldchain verification id {issue.VerificationId}",
        };
        using var document = SKDocument.CreatePdf(output, metadata);
        for (var p = 0; p < _pages.Count; p++)
        {
            var canvas = document.BeginPage(PageWidth, PageHeight);
            foreach (var draw in _pages[p])
            {
                draw(canvas);
            }

            Text(canvas, footer(p + 1, _pages.Count), Margin, PageHeight - (Margin / 2), font, color);
            document.EndPage();
        }

        document.Close();
    }

    /// <summary>
    /// Draws text as a blob that carries the text beside the glyphs: where a CJK font shares one glyph between two code
    /// points (一 U+4E00 and the radical ⼀ U+2F00), the PDF then says which was meant (ActualText), so a copied or
    /// searched word is the word printed.
    /// </summary>
    public static void Text(SKCanvas canvas, string text, float x, float baseline, SKFont font, SKColor color)
    {
        if (text.Length == 0)
        {
            return;
        }

        using var paint = new SKPaint { Color = color, IsAntialias = true };
        var glyphs = font.GetGlyphs(text);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var clusters = new uint[glyphs.Length];
        var offset = 0;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (index < clusters.Length)
            {
                clusters[index++] = (uint)offset;
            }

            offset += rune.Utf8SequenceLength;
        }

        using var builder = new SKTextBlobBuilder();
        var run = builder.AllocateTextRun(font, glyphs.Length, x, baseline, utf8.Length);
        run.SetGlyphs(glyphs);
        run.SetText(utf8);
        run.SetClusters(clusters);
        using var blob = builder.Build();
        canvas.DrawText(blob, 0, 0, paint);
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>: at spaces, or anywhere in Chinese text.</summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = string.Empty;
            foreach (var token in Tokens(paragraph))
            {
                var candidate = line + token;
                if (line.Length > 0 && font.MeasureText(candidate) > width)
                {
                    lines.Add(line.TrimEnd());
                    line = token.TrimStart();
                }
                else
                {
                    line = candidate;
                }
            }

            lines.Add(line.TrimEnd());
        }

        return lines;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var breakAfter = text[i] == ' ' || text[i] > '\u2E80';
            if (breakAfter)
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
