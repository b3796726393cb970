namespace ColdChain.Ingest.Alarms;

/// <summary>
/// A planned daily defrost, in the site's local time: during it (and its recovery) the upper-limit alarms are
/// suppressed up to <see cref="MaxTemperature"/>; above that, and for every other condition, the alarm still stands.
/// </summary>
public sealed record DefrostWindow(TimeOnly Start, TimeSpan Duration, TimeSpan Recovery, double MaxTemperature)
{
    public bool Covers(DateTimeOffset time, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        var length = Duration + Recovery;
        foreach (var day in new[] { local.Date.AddDays(-1), local.Date })
        {
            var start = new DateTimeOffset(day + Start.ToTimeSpan(), local.Offset);
            if (local >= start && local < start + length)
            {
                return true;
            }
        }

        return false;
    }
}
