using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace ColdChain.Shipments.Benchmarks;

/// <summary>How the platform's leg reads went (<c>coldchain.shipments.leg_reads{outcome}</c>): shows that warm checks used the kept readings and cold ones did not.</summary>
internal sealed class LegReadOutcomes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public LegReadOutcomes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "coldchain.shipments.leg_reads")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => _counts.AddOrUpdate((string)tags[0].Value!, (int)value, (_, n) => n + (int)value));
        _listener.Start();
    }

    public void Reset() => _counts.Clear();

    public override string ToString() => _counts.IsEmpty
        ? "none"
        : string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));

    public void Dispose() => _listener.Dispose();
}
