using ColdChain.Ingest.Storage;

namespace ColdChain.Platform.Shipments.Handovers;

/// <summary>
/// A leg's temperature readings as a check judges them: each sensor's own, oldest first, in lists of their exact size
/// (24-byte values, no large-object copies), the gateways they came through, and how many there are. Never changed
/// once built: <see cref="Append"/> makes a new one, so a cached one can be handed to several checks at once.
/// </summary>
public sealed class LegReadings
{
    private readonly Dictionary<string, DateTimeOffset> _gatewaysFirstSeen;

    private LegReadings(Dictionary<string, List<SensorReading>> bySensor, Dictionary<string, DateTimeOffset> gatewaysFirstSeen, long count)
    {
        BySensor = bySensor;
        _gatewaysFirstSeen = gatewaysFirstSeen;
        Gateways = new SortedSet<string>(gatewaysFirstSeen.Keys, StringComparer.Ordinal);
        Count = count;
    }

    public IReadOnlyDictionary<string, List<SensorReading>> BySensor { get; }

    /// <summary>The gateways the readings came through, in ordinal order.</summary>
    public IReadOnlySet<string> Gateways { get; }

    public long Count { get; }

    /// <summary>From the store's answer (time order); <paramref name="before"/> keeps only the readings measured before it.</summary>
    public static LegReadings From(IReadOnlyList<StoredReading> readings, DateTimeOffset? before = null) => Empty.Append(readings, before);

    private static LegReadings Empty { get; } = new(new Dictionary<string, List<SensorReading>>(StringComparer.Ordinal), new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal), 0);

    /// <summary>Only the readings measured before <paramref name="cut"/>, and the gateways they came through.</summary>
    public LegReadings Before(DateTimeOffset cut)
    {
        var bySensor = new Dictionary<string, List<SensorReading>>(StringComparer.Ordinal);
        long count = 0;
        foreach (var (sensor, readings) in BySensor)
        {
            var end = readings.Count;
            while (end > 0 && readings[end - 1].At >= cut)
            {
                end--;
            }

            if (end > 0)
            {
                bySensor[sensor] = readings.GetRange(0, end);
                count += end;
            }
        }

        var gateways = _gatewaysFirstSeen.Where(g => g.Value < cut).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        return new LegReadings(bySensor, gateways, count);
    }

    /// <summary>These readings followed by <paramref name="later"/> (the store's answer for the time after them).</summary>
    public LegReadings Append(IReadOnlyList<StoredReading> later, DateTimeOffset? before = null)
    {
        ArgumentNullException.ThrowIfNull(later);
        var end = later.Count;
        if (before is { } cut)
        {
            while (end > 0 && later[end - 1].Time >= cut)
            {
                end--;
            }
        }

        var counts = BySensor.ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal);
        for (var i = 0; i < end; i++)
        {
            counts[later[i].Sensor] = counts.GetValueOrDefault(later[i].Sensor) + 1;
        }

        var bySensor = counts.ToDictionary(c => c.Key, c => new List<SensorReading>(c.Value), StringComparer.Ordinal);
        foreach (var (sensor, own) in BySensor)
        {
            bySensor[sensor].AddRange(own);
        }

        // A store hands back one string per distinct name, so the gateway (one per leg, as a rule) is found by reference until it changes.
        var gateways = new Dictionary<string, DateTimeOffset>(_gatewaysFirstSeen, StringComparer.Ordinal);
        string? lastGateway = null;
        for (var i = 0; i < end; i++)
        {
            var reading = later[i];
            bySensor[reading.Sensor].Add(new SensorReading(reading.Time, reading.Value, reading.Status));
            if (!ReferenceEquals(reading.Gateway, lastGateway))
            {
                gateways.TryAdd(lastGateway = reading.Gateway, reading.Time);
            }
        }

        return new LegReadings(bySensor, gateways, Count + end);
    }
}
