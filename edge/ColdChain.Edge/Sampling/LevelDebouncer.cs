namespace ColdChain.Edge.Sampling;

/// <summary>
/// Debounces a digital input read by polling (door contact, mains-power sense). A reed switch chatters for a few
/// milliseconds when the door moves, a truck's vibration can make it flicker, mains can blink: a change counts only once
/// the new level has held for <paramref name="settle"/>, and it is stamped with the time the level first changed (when
/// the door really moved), not when it was confirmed.
/// </summary>
internal sealed class LevelDebouncer(bool initiallyOpen, TimeSpan settle)
{
    private bool _candidate = initiallyOpen;
    private DateTimeOffset _candidateSince;

    public bool IsOpen { get; private set; } = initiallyOpen;

    /// <summary>Feeds one poll; returns the confirmed change (open or closed, and when) or null.</summary>
    public (bool Open, DateTimeOffset At)? Observe(bool rawOpen, DateTimeOffset now)
    {
        if (rawOpen != _candidate)
        {
            _candidate = rawOpen;
            _candidateSince = now;
        }

        if (_candidate == IsOpen || now - _candidateSince < settle)
        {
            return null;
        }

        IsOpen = _candidate;
        return (IsOpen, _candidateSince);
    }
}
