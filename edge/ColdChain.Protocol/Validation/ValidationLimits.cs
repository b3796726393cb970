namespace ColdChain.Protocol.Validation;

/// <summary>What a plausible message looks like. Defaults suit a truck that was offline for a month.</summary>
public sealed record ValidationLimits
{
    /// <summary>How far ahead of the receiver's clock a measurement may be (gateway clock drift).</summary>
    public TimeSpan MaxClockAhead { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How old a measurement may be: backlogs replayed after an outage are accepted up to this age.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    public int MaxReadingsPerBatch { get; init; } = 10_000;

    public int MaxEventsPerBatch { get; init; } = 1_000;

    public double MinTemperatureCelsius { get; init; } = -90;

    public double MaxTemperatureCelsius { get; init; } = 150;

    public static ValidationLimits Default { get; } = new();
}
