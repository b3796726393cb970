namespace ColdChain.Ingest.Alarms;

/// <summary>
/// Cumulative time out of range within a sliding window. Each reading out of range stands for the time until the next
/// reading, unless that gap is longer than twice the recording interval: a gap is not evidence either way.
/// </summary>
internal sealed class ExcursionBudget(TimeSpan window, TimeSpan expectedInterval)
{
    private readonly LinkedList<(DateTimeOffset Start, DateTimeOffset End)> _spans = new();
    private DateTimeOffset? _previousAt;
    private bool _previousOutOfRange;

    public TimeSpan Used { get; private set; }

    public void Add(DateTimeOffset at, bool outOfRange)
    {
        if (_previousAt is { } previous && _previousOutOfRange && at - previous <= expectedInterval * 2)
        {
            _spans.AddLast((previous, at));
            Used += at - previous;
        }

        _previousAt = at;
        _previousOutOfRange = outOfRange;
        Trim(at - window);
    }

    private void Trim(DateTimeOffset windowStart)
    {
        while (_spans.First is { } first && first.Value.Start < windowStart)
        {
            var (start, end) = first.Value;
            Used -= end - start;
            if (end <= windowStart)
            {
                _spans.RemoveFirst();
                continue;
            }

            // Keep the part of the oldest span that is still inside the window.
            first.Value = (windowStart, end);
            Used += end - windowStart;
            return;
        }
    }
}
