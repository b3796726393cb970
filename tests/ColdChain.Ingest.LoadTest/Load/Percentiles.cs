namespace ColdChain.Ingest.LoadTest.Load;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile of the samples (0 when there are none).</summary>
    public static double Of(double[] samples, double percentile)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0)
        {
            return 0;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
