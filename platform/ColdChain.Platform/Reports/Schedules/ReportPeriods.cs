namespace ColdChain.Platform.Reports.Schedules;

/// <summary>
/// Calendar periods in a site's zone: a day from local midnight to local midnight, an ISO week from Monday, a month
/// from the 1st. Boundaries are local wall-clock times turned into instants, so a day in which the clocks change is 23
/// or 25 hours long and no reading falls between two reports or into both.
/// </summary>
public static class ReportPeriods
{
    public const string Daily = "daily", Weekly = "weekly", Monthly = "monthly";

    public static IReadOnlyList<string> All { get; } = [Daily, Weekly, Monthly];

    /// <summary>The period of <paramref name="kind"/> that contains <paramref name="at"/>, as [From, To).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Containing(string kind, DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        var start = kind switch
        {
            Daily => today,
            Weekly => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
            Monthly => new DateOnly(today.Year, today.Month, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "daily, weekly or monthly"),
        };
        return (Instant(start, TimeOnly.MinValue, zone), Instant(Next(kind, start), TimeOnly.MinValue, zone));
    }

    /// <summary>The period after the one ending at <paramref name="end"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) After(string kind, DateTimeOffset end, TimeZoneInfo zone) => Containing(kind, end, zone);

    /// <summary>When a period ending at <paramref name="end"/> is sent: that local day at <paramref name="sendAt"/>.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset end, TimeOnly sendAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Instant(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end, zone).DateTime), sendAt, zone);
    }

    private static DateOnly Next(string kind, DateOnly start) => kind switch
    {
        Daily => start.AddDays(1),
        Weekly => start.AddDays(7),
        _ => start.AddMonths(1),
    };

    /// <summary>
    /// A local wall-clock time as an instant. A time the clocks skip (spring forward) moves on to the first minute that
    /// exists; a time that happens twice (fall back) is its first occurrence.
    /// </summary>
    public static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
