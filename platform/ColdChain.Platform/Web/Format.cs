using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>Server-side wording of ages, durations and instants; the browser refreshes them with the same words (ClientTexts).</summary>
public static class Format
{
    public static string Age(DateTimeOffset then, DateTimeOffset now, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var seconds = Math.Max(0, (now - then).TotalSeconds);
        return seconds switch
        {
            < 5 => text["just now"],
            < 90 => text["{0} s ago", (int)seconds],
            < 5400 => text["{0} min ago", (int)Math.Round(seconds / 60)],
            < 172_800 => text["{0} h ago", (int)Math.Round(seconds / 3600)],
            _ => text["{0} d ago", (int)Math.Round(seconds / 86_400)],
        };
    }

    public static string Duration(TimeSpan span, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return span.TotalSeconds < 120 ? text["{0} s", (int)span.TotalSeconds]
            : span.TotalMinutes < 120 ? text["{0} min", (int)span.TotalMinutes]
            : text["{0} h", Math.Round(span.TotalHours, 1)];
    }

    /// <summary>An instant in the site's time zone with its offset (e.g. 2026-11-25 14:03:07 +08:00); the browser re-renders it in the reader's language.</summary>
    public static string InZone(DateTimeOffset instant, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
    }

    /// <summary>The day an instant falls on in the site's time zone, as 2026-11-25 (calibration and due dates).</summary>
    public static string Day(DateTime utcInstant, string timeZone) => InZone(Utc(utcInstant), timeZone)[..10];

    public static DateTimeOffset Utc(DateTime instant) => new(DateTime.SpecifyKind(instant, DateTimeKind.Utc));
}

public static class StatusWords
{
    public static string Of(TileStatus status) => status switch
    {
        TileStatus.Ok => "ok",
        TileStatus.Warning => "warning",
        TileStatus.Alarm => "alarm",
        TileStatus.Offline => "offline",
        TileStatus.SensorFault => "sensor fault",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown tile status"),
    };
}

/// <summary>An alarm's stored condition (<c>above_range</c>) as the words the pages translate (<c>above range</c>).</summary>
public static class ConditionWords
{
    public static string Of(string condition) => condition.Replace('_', ' ');
}
