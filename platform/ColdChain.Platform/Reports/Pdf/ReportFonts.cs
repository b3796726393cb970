using SkiaSharp;

namespace ColdChain.Platform.Reports.Pdf;

/// <summary>
/// Fonts come from files, not from fontconfig (the Skia native build we ship has none). Noto Sans CJK covers Latin and
/// Chinese, so a Chinese site or asset name prints; DejaVu Sans is the fallback for Latin-only machines.
/// </summary>
internal static class ReportFonts
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ];

    private static readonly Lazy<SKTypeface> Loaded = new(Load);

    public static SKTypeface Regular => Loaded.Value;

    public static string? FilePath => Candidates.FirstOrDefault(File.Exists);

    private static SKTypeface Load()
    {
        var path = FilePath ?? throw new InvalidOperationException("no report font installed: install fonts-noto-cjk (or fonts-dejavu-core)");
        if (!path.EndsWith(".ttc", StringComparison.Ordinal))
        {
            return SKTypeface.FromFile(path);
        }

        // A collection: take its Simplified Chinese face.
        for (var index = 0; index < 10; index++)
        {
            var face = SKTypeface.FromFile(path, index);
            if (face is null)
            {
                break;
            }

            if (face.FamilyName.Contains("SC", StringComparison.Ordinal))
            {
                return face;
            }
        }

        return SKTypeface.FromFile(path);
    }
}
