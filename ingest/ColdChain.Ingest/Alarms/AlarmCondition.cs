namespace ColdChain.Ingest.Alarms;

/// <summary>What an alarm is about. One open alarm per sensor and condition.</summary>
public enum AlarmCondition
{
    /// <summary>Above the profile's upper limit for longer than the alarm delay.</summary>
    AboveRange,

    /// <summary>Below the profile's lower limit for longer than the alarm delay.</summary>
    BelowRange,

    /// <summary>Inside the range but within the warning band of the upper limit (GSP: warn before the limit).</summary>
    NearUpperLimit,

    /// <summary>Inside the range but within the warning band of the lower limit.</summary>
    NearLowerLimit,

    /// <summary>The temperature changes faster than the profile allows.</summary>
    RateOfChange,

    /// <summary>The trend projects a breach of a limit within the profile's lead time.</summary>
    PredictedBreach,

    /// <summary>Cumulative time out of range over the window exceeds the profile's excursion budget.</summary>
    ExcursionBudgetExceeded,

    /// <summary>The sensor reports a fault: there is no trustworthy value.</summary>
    SensorFault,

    /// <summary>No reading for longer than the profile allows.</summary>
    StaleData,

    /// <summary>A door has been open longer than the profile allows.</summary>
    DoorOpenTooLong,

    /// <summary>The gateway has been offline (its status or Last Will) for longer than the grace period.</summary>
    GatewayOffline,

    /// <summary>The gateway reports that it lost mains power (it runs on its battery or UPS).</summary>
    PowerLost,
}
