using System.ComponentModel.DataAnnotations;

namespace ColdChain.Platform.Web;

public sealed class WebUiOptions
{
    public const string Section = "Web";

    /// <summary>A tile with no reading for this long shows offline (three recording intervals of 5 min by default).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How much history the overview's trend line shows.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan TrendWindow { get; set; } = TimeSpan.FromHours(1);
}
