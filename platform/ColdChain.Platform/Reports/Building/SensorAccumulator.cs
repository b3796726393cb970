namespace ColdChain.Platform.Reports.Building;

/// <summary>
/// Folds one sensor's temperature readings, oldest first, into its statistics without keeping them: min, max, mean,
/// time-weighted MKT and time out of range (each reading stands for the time until the next, or for one nominal
/// interval when a gap follows, exactly as <see cref="MeanKineticTemperature"/>), gaps, excursions and a chart envelope.
/// The first readings are held back only until the nominal interval is known.
/// </summary>
internal sealed class SensorAccumulator(string sensor, ReportProfile profile, DateTimeOffset from, DateTimeOffset to, int chartBuckets = 700)
{
    private const int IntervalSample = 32;
    private readonly List<(DateTimeOffset At, double Celsius)> _head = [];
    private readonly MeanKineticTemperature.Accumulator _mkt = new();
    private readonly List<ReportGap> _gaps = [];
    private readonly List<ReportExcursion> _excursions = [];
    private readonly List<IReadOnlyList<ChartPoint>> _runs = [];
    private readonly TimeSpan _bucket = (to - from) / chartBuckets;
    private List<ChartPoint> _run = [];
    private long _bucketIndex = -1;
    private ChartPoint? _bucketMin, _bucketMax;
    private TimeSpan? _nominal;
    private (DateTimeOffset At, double Celsius)? _previous;
    private long _count, _faults;
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity, _sum;
    private TimeSpan _outOfRange, _covered;
    private (DateTimeOffset Start, double Peak)? _openExcursion;

    public string Sensor => sensor;

    public void AddFault() => _faults++;

    public void Add(DateTimeOffset at, double celsius)
    {
        if (_nominal is null)
        {
            _head.Add((at, celsius));
            if (_head.Count > IntervalSample)
            {
                Release();
            }

            return;
        }

        Fold(at, celsius);
    }

    public (SensorStatistics Statistics, IReadOnlyList<ReportGap> Gaps, IReadOnlyList<ReportExcursion> Excursions, IReadOnlyList<IReadOnlyList<ChartPoint>> Chart) Finish()
    {
        if (_nominal is null)
        {
            Release();
        }

        var nominal = _nominal ?? TimeSpan.FromMinutes(1);
        if (_previous is { } last)
        {
            var weight = Weight(last.At, to, nominal, finalReading: true);
            Weigh(last.Celsius, weight);
            if (to - last.At > 2 * nominal)
            {
                _gaps.Add(new(sensor, last.At, to));
            }

            if (_openExcursion is { } open)
            {
                _excursions.Add(new(sensor, open.Start, null, open.Peak, null));
            }

            FlushBucket();
            _runs.Add(_run);
        }
        else
        {
            _gaps.Add(new(sensor, from, to));
        }

        var period = to - from;
        var statistics = new SensorStatistics(
            _count, _faults,
            _count > 0 ? _min : null,
            _count > 0 ? _max : null,
            _count > 0 ? _sum / _count : null,
            _mkt.Result,
            _outOfRange,
            _covered,
            period > TimeSpan.Zero ? Math.Min(100, 100 * _covered / period) : 0,
            nominal);
        return (statistics, _gaps, _excursions, _runs.Where(r => r.Count > 0).ToList());
    }

    /// <summary>The median of the first intervals: robust to one gap or one burst among them.</summary>
    private void Release()
    {
        var intervals = _head.Zip(_head.Skip(1), (a, b) => b.At - a.At).Where(d => d > TimeSpan.Zero).Order().ToList();
        _nominal = intervals.Count > 0 ? intervals[(intervals.Count - 1) / 2] : TimeSpan.FromMinutes(1);
        foreach (var (at, celsius) in _head)
        {
            Fold(at, celsius);
        }

        _head.Clear();
    }

    private void Fold(DateTimeOffset at, double celsius)
    {
        var nominal = _nominal!.Value;
        if (_previous is { } previous)
        {
            if (at <= previous.At)
            {
                return; // a duplicate time: the store keeps one reading per key, so this is a replay of the same one
            }

            Weigh(previous.Celsius, Weight(previous.At, at, nominal, finalReading: false));
            if (at - previous.At > 2 * nominal)
            {
                _gaps.Add(new(sensor, previous.At, at));
                FlushBucket();
                _runs.Add(_run);
                _run = [];
                _bucketIndex = -1;
            }
        }
        else if (at - from > 2 * nominal)
        {
            _gaps.Add(new(sensor, from, at));
        }

        _count++;
        _sum += celsius;
        _min = Math.Min(_min, celsius);
        _max = Math.Max(_max, celsius);
        Excursion(at, celsius);
        Chart(at, celsius);
        _previous = (at, celsius);
    }

    private static TimeSpan Weight(DateTimeOffset at, DateTimeOffset next, TimeSpan nominal, bool finalReading)
    {
        var untilNext = next - at;
        if (finalReading)
        {
            return untilNext < nominal ? (untilNext > TimeSpan.Zero ? untilNext : TimeSpan.Zero) : nominal;
        }

        return untilNext <= 2 * nominal ? untilNext : nominal;
    }

    private void Weigh(double celsius, TimeSpan weight)
    {
        _mkt.Add(celsius, weight);
        _covered += weight;
        if (profile.IsOutOfRange(celsius))
        {
            _outOfRange += weight;
        }
    }

    private void Excursion(DateTimeOffset at, double celsius)
    {
        var outside = profile.IsOutOfRange(celsius);
        if (outside)
        {
            var beyond = Beyond(celsius);
            _openExcursion = _openExcursion is { } open
                ? (open.Start, Beyond(open.Peak) >= beyond ? open.Peak : celsius)
                : (at, celsius);
        }
        else if (_openExcursion is { } open)
        {
            _excursions.Add(new(sensor, open.Start, at, open.Peak, null));
            _openExcursion = null;
        }
    }

    private double Beyond(double celsius) => Math.Max(celsius - (profile.Max ?? double.PositiveInfinity), (profile.Min ?? double.NegativeInfinity) - celsius);

    /// <summary>Keeps the lowest and highest reading of each time bucket, in time order: the envelope an eye sees, extremes intact.</summary>
    private void Chart(DateTimeOffset at, double celsius)
    {
        var index = _bucket > TimeSpan.Zero ? (at - from).Ticks / _bucket.Ticks : 0;
        if (index != _bucketIndex)
        {
            FlushBucket();
            _bucketIndex = index;
        }

        var point = new ChartPoint(at, celsius);
        if (_bucketMin is null || celsius < _bucketMin.Celsius)
        {
            _bucketMin = point;
        }

        if (_bucketMax is null || celsius > _bucketMax.Celsius)
        {
            _bucketMax = point;
        }
    }

    private void FlushBucket()
    {
        if (_bucketMin is null || _bucketMax is null)
        {
            return;
        }

        if (_bucketMin == _bucketMax)
        {
            _run.Add(_bucketMin);
        }
        else if (_bucketMin.At <= _bucketMax.At)
        {
            _run.Add(_bucketMin);
            _run.Add(_bucketMax);
        }
        else
        {
            _run.Add(_bucketMax);
            _run.Add(_bucketMin);
        }

        _bucketMin = _bucketMax = null;
    }
}
