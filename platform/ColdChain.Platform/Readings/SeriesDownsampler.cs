namespace ColdChain.Platform.Readings;

/// <summary>
/// Shrinks one sensor's readings to about one point per pixel for a chart: the window is cut into equal buckets and
/// each bucket keeps its lowest and its highest value (in time order), so a one-minute spike in 30 days still shows.
/// A gap — a missing stretch longer than three typical intervals, or a reading without a value — becomes a null point,
/// which the chart draws as a break, never as a line across the gap.
/// </summary>
public static class SeriesDownsampler
{
    public readonly record struct Point(DateTimeOffset Time, double? Value);

    /// <param name="readings">One sensor's readings, oldest first; a null value is a sensor fault.</param>
    /// <param name="buckets">How many buckets the window [from, to) is cut into (about the chart's width in pixels).</param>
    public static List<Point> Downsample(IReadOnlyList<Point> readings, DateTimeOffset from, DateTimeOffset to, int buckets)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (to <= from)
        {
            throw new ArgumentException("'to' must be after 'from'", nameof(to));
        }

        var width = (to - from).Ticks / (double)buckets;
        var gapAfter = GapThreshold(readings);
        var result = new List<Point>(Math.Min(readings.Count, (2 * buckets) + 16));
        long bucket = -1;
        Point? low = null, high = null;
        Point? previous = null;
        foreach (var reading in readings)
        {
            var gap = previous is { } p && (reading.Value is null || p.Value is null || reading.Time - p.Time > gapAfter);
            var index = (long)((reading.Time - from).Ticks / width);
            if (gap || index != bucket)
            {
                Flush(result, low, high);
                low = high = null;
                bucket = index;
                if (gap && result.Count > 0 && result[^1].Value is not null)
                {
                    result.Add(new Point(previous!.Value.Time.AddMilliseconds(1), null));
                }
            }

            previous = reading;
            if (reading.Value is null)
            {
                continue;
            }

            if (low is null || reading.Value < low.Value.Value)
            {
                low = reading;
            }

            if (high is null || reading.Value > high.Value.Value)
            {
                high = reading;
            }
        }

        Flush(result, low, high);
        return result;
    }

    /// <summary>Three times the median spacing of the readings: irregular spacing is normal, a hole that size is not.</summary>
    public static TimeSpan GapThreshold(IReadOnlyList<Point> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count < 3)
        {
            return TimeSpan.MaxValue;
        }

        var spacings = new long[readings.Count - 1];
        for (var i = 1; i < readings.Count; i++)
        {
            spacings[i - 1] = (readings[i].Time - readings[i - 1].Time).Ticks;
        }

        Array.Sort(spacings);
        var median = spacings[spacings.Length / 2];
        return TimeSpan.FromTicks(Math.Max(median * 3, TimeSpan.TicksPerSecond));
    }

    private static void Flush(List<Point> result, Point? low, Point? high)
    {
        if (low is not { } l || high is not { } h)
        {
            return;
        }

        if (l.Time == h.Time)
        {
            result.Add(l);
        }
        else if (l.Time < h.Time)
        {
            result.Add(l);
            result.Add(h);
        }
        else
        {
            result.Add(h);
            result.Add(l);
        }
    }
}
