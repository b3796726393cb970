using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling;

/// <summary>
/// Decides which sampled readings are recorded (published). Every sample refreshes the local view and the cab alarms;
/// a reading is recorded when its sensor's record interval has passed, when its status changed (ok → out of range →
/// fault), and — China GSP appendix on automatic monitoring — while out of range at least every
/// <see cref="OutOfRangeInterval"/>, whatever the normal interval (COMPLIANCE.md: 2 min, one source 1 min; default 1 min).
/// </summary>
internal sealed class RecordingCadence(TimeSpan outOfRangeInterval)
{
    public static readonly TimeSpan DefaultOutOfRangeInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (DateTimeOffset At, ReadingStatus Status)> _last = new(StringComparer.Ordinal);

    public TimeSpan OutOfRangeInterval { get; } = outOfRangeInterval;

    /// <param name="interval">The sensor's normal record interval; null records every sample.</param>
    /// <param name="tolerance">Half a sample interval: a schedule that wakes a few ms early still records on the tick it meant.</param>
    public bool ShouldRecord(Reading reading, TimeSpan? interval, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (interval is null || !_last.TryGetValue(reading.Sensor, out var last) || last.Status != reading.Status)
        {
            _last[reading.Sensor] = (reading.Time, reading.Status);
            return true;
        }

        var due = reading.Status == ReadingStatus.OutOfRange && OutOfRangeInterval < interval ? OutOfRangeInterval : interval.Value;
        if (reading.Time - last.At + tolerance < due)
        {
            return false;
        }

        _last[reading.Sensor] = (reading.Time, reading.Status);
        return true;
    }
}
