namespace ColdChain.Ingest.Alarms;

/// <summary>Least-squares slope (°C per minute) of the readings within a trailing window of measurement time.</summary>
internal sealed class TrendEstimator(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset At, double Value)> _points = new();

    public void Add(DateTimeOffset at, double value)
    {
        _points.Enqueue((at, value));
        while (_points.Count > 0 && _points.Peek().At < at - window)
        {
            _points.Dequeue();
        }
    }

    /// <summary>Null until the points span at least half the window: a slope over two close readings is noise.</summary>
    public double? SlopePerMinute()
    {
        if (_points.Count < 3)
        {
            return null;
        }

        var first = _points.Peek().At;
        var last = _points.Last().At;
        if (last - first < window / 2)
        {
            return null;
        }

        double n = _points.Count, sumX = 0, sumY = 0, sumXy = 0, sumXx = 0;
        foreach (var (at, value) in _points)
        {
            var x = (at - first).TotalMinutes;
            sumX += x;
            sumY += value;
            sumXy += x * value;
            sumXx += x * x;
        }

        var denominator = (n * sumXx) - (sumX * sumX);
        return denominator == 0 ? null : ((n * sumXy) - (sumX * sumY)) / denominator;
    }
}
