using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>The strings the browser scripts show, in the page's language, handed over as one JSON block in the layout.</summary>
public static class ClientTexts
{
    private static readonly string[] Keys =
    [
        "ok", "warning", "alarm", "offline", "sensor fault", "open", "closed",
        "just now", "{0} s ago", "{0} min ago", "{0} h ago", "{0} d ago", "no reading",
        "live", "reconnecting…", "live updates unavailable",
        "Acknowledge", "A comment is required.", "Acknowledging…", "The alarm could not be acknowledged: {0}",
        "You are offline. Showing the state of {0} ({1}).", "no data in this period", "Loading…",
        "critical", "raised", "acknowledged", "cleared", "level {0}", "new alarm", "late",
        "min", "max", "mean", "readings", "door open", "warning band", "limit",
        "The chart could not be loaded: {0}", "Time",
        "above range", "below range", "near upper limit", "near lower limit", "rate of change", "predicted breach",
        "excursion budget exceeded", "stale data", "door open too long", "gateway offline", "power lost",
    ];

    public static Dictionary<string, string> For(IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return Keys.ToDictionary(k => k, k => localizer[k].Value, StringComparer.Ordinal);
    }
}
