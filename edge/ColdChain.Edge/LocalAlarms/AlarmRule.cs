namespace ColdChain.Edge.LocalAlarms;

/// <summary>One asset's cab alarm: its range, how long a breach must last, and the GSP warning margin inside the limits.</summary>
internal sealed record AlarmRule(string AssetId, double? MinCelsius, double? MaxCelsius, TimeSpan Delay, double? WarningMarginCelsius)
{
    public AlarmLevel LevelOf(double celsius)
    {
        if (celsius < (MinCelsius ?? double.MinValue) || celsius > (MaxCelsius ?? double.MaxValue))
        {
            return AlarmLevel.Alarm;
        }

        if (WarningMarginCelsius is { } margin
            && ((MinCelsius is { } min && celsius < min + margin) || (MaxCelsius is { } max && celsius > max - margin)))
        {
            return AlarmLevel.Warning;
        }

        return AlarmLevel.None;
    }
}

internal enum AlarmLevel
{
    None,
    Warning,
    Alarm,
}
