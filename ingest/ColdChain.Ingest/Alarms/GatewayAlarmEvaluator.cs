namespace ColdChain.Ingest.Alarms;

/// <summary>
/// The alarms of a gateway itself: offline (its status or the broker's Last Will) for longer than a grace period, and
/// mains power lost. Offline is judged by arrival time: the Last Will was composed when the gateway connected, so its
/// timestamp says nothing about when it vanished. Power events carry the gateway's measurement time.
/// </summary>
public sealed class GatewayAlarmEvaluator
{
    private readonly ConditionTracker _offline;
    private readonly ConditionTracker _power;
    private readonly TimeSpan _lateAfter;
    private DateTimeOffset? _powerLastAt;

    public GatewayAlarmEvaluator(string gateway, TimeSpan offlineGrace, TimeSpan lateAfter)
    {
        _offline = new(gateway, AlarmCondition.GatewayOffline, AlarmSeverity.Critical, offlineGrace);
        _power = new(gateway, AlarmCondition.PowerLost, AlarmSeverity.Critical, TimeSpan.Zero);
        _lateAfter = lateAfter;
    }

    /// <summary>Offline now, whether or not the grace period has run: its sensors' silence is explained.</summary>
    public bool IsOffline { get; private set; }

    public IReadOnlyList<AlarmTransition> ObserveStatus(bool online, DateTimeOffset receivedAt)
    {
        IsOffline = !online;
        var transition = _offline.Update(holds: !online, clears: online, receivedAt, null, late: false, online ? "the gateway is online again" : "the gateway went offline (status or Last Will)");
        return transition is null ? [] : [transition];
    }

    /// <summary>Call periodically: the grace period runs on the clock, no message ends it.</summary>
    public IReadOnlyList<AlarmTransition> CheckOffline(DateTimeOffset now)
    {
        if (!IsOffline)
        {
            return [];
        }

        var transition = _offline.Update(holds: true, clears: false, now, null, late: false, $"the gateway has been offline since {_offline.Since:O}");
        return transition is null ? [] : [transition];
    }

    public IReadOnlyList<AlarmTransition> ObservePower(DateTimeOffset at, bool lost, DateTimeOffset receivedAt)
    {
        if (_powerLastAt is { } last && at <= last)
        {
            return [];
        }

        _powerLastAt = at;
        var late = receivedAt - at > _lateAfter;
        var transition = _power.Update(holds: lost, clears: !lost, at, null, late, lost ? "the gateway lost mains power" : "mains power is back");
        return transition is null ? [] : [transition];
    }

    /// <summary>Takes up an alarm still open from before a restart.</summary>
    public bool Restore(AlarmCondition condition, DateTimeOffset since)
    {
        switch (condition)
        {
            case AlarmCondition.GatewayOffline:
                _offline.Restore(since, null);
                IsOffline = true;
                return true;
            case AlarmCondition.PowerLost:
                _power.Restore(since, null);
                return true;
            default:
                return false;
        }
    }
}
