namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// One sensor's runs of readings out of range, fed oldest first, all at once (a handover check) or a few at a time
/// (the in-transit watch), with the same result. A run ends at the first reading back in range; one cut by a gap ends
/// one interval after its last reading (the gap itself is judged as a gap); one still open ends one interval after its
/// last reading, or at the end of the leg.
/// </summary>
public sealed class ExcursionRuns(HandoverProfile profile, string sensor)
{
    private DateTimeOffset? _start;
    private DateTimeOffset _last;
    private double _peak;

    public List<ExcursionEvidence> Closed { get; } = [];

    public TimeSpan ClosedDuration { get; private set; }

    public void Add(DateTimeOffset at, double celsius)
    {
        var outside = celsius < profile.Low || celsius > profile.High;
        if (_start is { } cut && at - _last > profile.ExpectedInterval * 2)
        {
            Close(new(sensor, cut, _last + profile.ExpectedInterval, _peak));
        }

        if (outside && _start is null)
        {
            _start = at;
            _peak = celsius;
        }
        else if (outside)
        {
            _peak = Distance(celsius) > Distance(_peak) ? celsius : _peak;
        }
        else if (_start is { } began)
        {
            Close(new(sensor, began, at, _peak));
        }

        _last = at;
    }

    /// <summary>The run still open at <paramref name="legEnd"/>, if any.</summary>
    public ExcursionEvidence? Open(DateTimeOffset legEnd)
    {
        if (_start is not { } start)
        {
            return null;
        }

        var end = _last + profile.ExpectedInterval;
        return new(sensor, start, end < legEnd ? end : legEnd, _peak);
    }

    /// <summary>Time out of range up to <paramref name="legEnd"/>: the closed runs and the open one.</summary>
    public TimeSpan Total(DateTimeOffset legEnd) => ClosedDuration + (Open(legEnd)?.Duration ?? TimeSpan.Zero);

    private void Close(ExcursionEvidence run)
    {
        Closed.Add(run);
        ClosedDuration += run.Duration;
        _start = null;
    }

    private double Distance(double celsius) => celsius > profile.High ? celsius - profile.High : profile.Low - celsius;
}
