namespace ColdChain.Ingest.Alarms;

/// <summary>
/// Least-squares slope (°C per minute) of the readings within a trailing window of measurement time. The sums are kept
/// running, so a reading costs the same with 3 points in the window as with 12,000 (10 Hz over 20 min); x is measured
/// from an origin that is moved up now and then to keep the sums small.
/// </summary>
internal sealed class TrendEstimator(TimeSpan window)
{
    private static readonly TimeSpan Rebase = TimeSpan.FromHours(6);

    private readonly Queue<(DateTimeOffset At, double Value)> _points = new();
    private DateTimeOffset _origin;
    private DateTimeOffset _last;
    private double _sumX, _sumY, _sumXy, _sumXx;

    public void Add(DateTimeOffset at, double value)
    {
        if (_points.Count == 0 || at - _origin > Rebase)
        {
            Recompute(_points.Count == 0 ? at : _points.Peek().At);
        }

        _points.Enqueue((at, value));
        _last = at;
        Include(at, value, +1);
        while (_points.Count > 0 && _points.Peek().At < at - window)
        {
            var (oldAt, oldValue) = _points.Dequeue();
            Include(oldAt, oldValue, -1);
        }
    }

    /// <summary>Null until the points span at least half the window: a slope over two close readings is noise.</summary>
    public double? SlopePerMinute()
    {
        if (_points.Count < 3 || _last - _points.Peek().At < window / 2)
        {
            return null;
        }

        double n = _points.Count;
        var denominator = (n * _sumXx) - (_sumX * _sumX);
        return denominator <= 1e-12 ? null : ((n * _sumXy) - (_sumX * _sumY)) / denominator;
    }

    private void Include(DateTimeOffset at, double value, int sign)
    {
        var x = (at - _origin).TotalMinutes;
        _sumX += sign * x;
        _sumY += sign * value;
        _sumXy += sign * x * value;
        _sumXx += sign * x * x;
    }

    private void Recompute(DateTimeOffset origin)
    {
        _origin = origin;
        _sumX = _sumY = _sumXy = _sumXx = 0;
        foreach (var (at, value) in _points)
        {
            Include(at, value, +1);
        }
    }
}
