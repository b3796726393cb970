namespace ColdChain.Edge.Sampling;

/// <summary>
/// One asset's range, as its temperature profile sets it (chilled 0–4 °C, frozen ≤ −18 °C), and how often its readings
/// are recorded. A reading outside the range gets status <c>out_of_range</c> and, under GSP, a tighter record interval.
/// </summary>
internal sealed record AssetLimits(string AssetId)
{
    public double? MinCelsius { get; init; }

    public double? MaxCelsius { get; init; }

    public double? MinHumidity { get; init; }

    public double? MaxHumidity { get; init; }

    /// <summary>How often a reading in range is recorded; null records every sample.</summary>
    public TimeSpan? RecordInterval { get; init; }

    public bool IsOutside(ColdChain.Protocol.Telemetry.Quantity quantity, double value) => quantity switch
    {
        ColdChain.Protocol.Telemetry.Quantity.Temperature => value < (MinCelsius ?? double.MinValue) || value > (MaxCelsius ?? double.MaxValue),
        ColdChain.Protocol.Telemetry.Quantity.Humidity => value < (MinHumidity ?? double.MinValue) || value > (MaxHumidity ?? double.MaxValue),
        _ => false,
    };
}
