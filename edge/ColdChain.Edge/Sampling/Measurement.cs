using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling;

/// <summary>What one driver read for one quantity: a value, or the fault that kept it from reading one (never both).</summary>
internal sealed record Measurement(string SensorId, Quantity Quantity, double? Value, string? Fault)
{
    public bool IsFault => Fault is not null;

    public static Measurement Ok(string sensorId, Quantity quantity, double value) => new(sensorId, quantity, value, null);

    public static Measurement Faulted(string sensorId, Quantity quantity, string fault) => new(sensorId, quantity, null, fault);
}
