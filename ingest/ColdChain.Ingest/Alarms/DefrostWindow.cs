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

    /// <summary>
    /// Each planned defrost overlapping [<paramref name="from"/>, <paramref name="to"/>), in UTC. A start that falls in
    /// the hour skipped when clocks go forward begins when the clock resumes; an ambiguous one (clocks go back) at the first.
    /// </summary>
    public IReadOnlyList<DefrostOccurrence> Occurrences(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var occurrences = new List<DefrostOccurrence>();
        var length = Duration + Recovery;
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from - length, zone).Date).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).Date);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var local = day.ToDateTime(Start);
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(15);
            }

            var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
            var start = new DateTimeOffset(local, offset).ToUniversalTime();
            if (start < to && start + length > from)
            {
                occurrences.Add(new DefrostOccurrence(start, start + Duration, start + length, MaxTemperature));
            }
        }

        return occurrences;
    }
}

/// <summary>One planned defrost in UTC: heating from <see cref="Start"/> to <see cref="DefrostEnd"/>, recovered by <see cref="End"/>.</summary>
public sealed record DefrostOccurrence(DateTimeOffset Start, DateTimeOffset DefrostEnd, DateTimeOffset End, double MaxTemperature);
