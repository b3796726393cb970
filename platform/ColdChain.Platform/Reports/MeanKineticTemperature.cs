namespace ColdChain.Platform.Reports;

/// <summary>
/// Mean kinetic temperature per USP &lt;1079.2&gt;: MKT = (ΔH/R) / −ln(Σ tᵢ·e^(−ΔH/(R·Tᵢ)) / Σ tᵢ), T in kelvin,
/// tᵢ the time each reading stands for. Time-weighted so an irregular record is not biased toward its dense parts;
/// a gap is not given weight (a reading followed by a gap stands for one recording interval, not the whole gap).
/// Uses every reading: no downsampling.
/// </summary>
public static class MeanKineticTemperature
{
    /// <summary>ΔH/R with ΔH = 83.144 kJ/mol and R = 8.3144 J/(mol·K).</summary>
    public const double ActivationEnergyOverGasConstant = 10_000;

    private const double Kelvin = 273.15;

    /// <param name="readings">Temperatures in °C with their measurement times, oldest first.</param>
    /// <param name="recordingInterval">The nominal interval; also the weight of the last reading and of one before a gap.</param>
    /// <returns>MKT in °C, or null when there is no reading.</returns>
    public static double? Compute(IReadOnlyList<(DateTimeOffset At, double Celsius)> readings, TimeSpan recordingInterval)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (recordingInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(recordingInterval), recordingInterval, "the recording interval must be positive");
        }

        var accumulator = new Accumulator();
        for (var i = 0; i < readings.Count; i++)
        {
            var (at, celsius) = readings[i];
            if (!double.IsFinite(celsius))
            {
                throw new ArgumentException($"reading {i} at {at:O} is not a finite temperature", nameof(readings));
            }

            var untilNext = i + 1 < readings.Count ? readings[i + 1].At - at : recordingInterval;
            if (untilNext < TimeSpan.Zero)
            {
                throw new ArgumentException($"reading {i + 1} is older than reading {i}: readings must be in time order", nameof(readings));
            }

            accumulator.Add(celsius, untilNext <= recordingInterval * 2 ? untilNext : recordingInterval);
        }

        return accumulator.Result ?? (readings.Count == 0 ? null : readings[^1].Celsius);
    }

    /// <summary>The running sums, so a year of readings is folded without being held.</summary>
    public sealed class Accumulator
    {
        private double _weightedSum, _totalWeight;

        public void Add(double celsius, TimeSpan weight)
        {
            var seconds = weight.TotalSeconds;
            _weightedSum += seconds * Math.Exp(-ActivationEnergyOverGasConstant / (celsius + Kelvin));
            _totalWeight += seconds;
        }

        /// <summary>MKT in °C, or null when no weight was added.</summary>
        public double? Result => _totalWeight > 0 ? (ActivationEnergyOverGasConstant / -Math.Log(_weightedSum / _totalWeight)) - Kelvin : null;
    }
}
