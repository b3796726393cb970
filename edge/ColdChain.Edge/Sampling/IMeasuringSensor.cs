namespace ColdChain.Edge.Sampling;

/// <summary>A physical sensor the sampler polls: DS18B20, SHT3x, SHT4x (and test doubles). A fault comes back as a faulted <see cref="Measurement"/>, not as an exception.</summary>
internal interface IMeasuringSensor
{
    /// <summary>The measurements this sensor produces, one per quantity, in a fixed order.</summary>
    Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken cancellationToken);
}
