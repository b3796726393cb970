using ColdChain.Ingest.Storage;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>
/// What the in-transit watch has judged of one leg so far: the readings of [<see cref="From"/>, <see cref="Through"/>),
/// how many there were, and each sensor's runs out of range, so that a pass reads only the readings measured since.
/// Whether anything landed before <see cref="Through"/> since (a backlog, a batch delivered out of order) is told by
/// the store's count for that window: when it differs, the leg is judged again from its start.
/// </summary>
internal sealed class LegTally(string asset, DateTimeOffset from, HandoverProfile profile)
{
    private readonly Dictionary<string, ExcursionRuns> _sensors = new(StringComparer.Ordinal);
    private long _count;

    public string Asset => asset;

    public DateTimeOffset From { get; } = from;

    public HandoverProfile Profile => profile;

    public DateTimeOffset Through { get; private set; } = from;

    /// <summary>The site and gateway of the latest reading: the one in the cab now, where a cab alert goes.</summary>
    public (string Site, string Gateway)? ReportedThrough { get; private set; }

    /// <summary>The longest time out of range of any one sensor up to <paramref name="to"/>, as the handover check counts a leg.</summary>
    public TimeSpan Excursion(DateTimeOffset to) => _sensors.Values.Select(s => s.Total(to)).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>False when readings landed before <see cref="Through"/> since they were judged: start the leg again.</summary>
    public async Task<bool> StillCompleteAsync(ITelemetryStore store, CancellationToken cancellationToken) =>
        Through == From || await store.CountAsync(new ReadingQuery(asset, From, Through, Quantity.Temperature), cancellationToken) == _count;

    /// <summary>Judges the readings measured in [<see cref="Through"/>, <paramref name="to"/>).</summary>
    public async Task AdvanceAsync(ITelemetryStore store, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (to <= Through)
        {
            return;
        }

        var readings = await store.QueryAsync(new ReadingQuery(asset, Through, to, Quantity.Temperature), cancellationToken);
        foreach (var reading in readings)
        {
            if (reading.Value is { } celsius && reading.Status != ReadingStatus.SensorFault)
            {
                if (!_sensors.TryGetValue(reading.Sensor, out var runs))
                {
                    _sensors[reading.Sensor] = runs = new ExcursionRuns(profile, reading.Sensor);
                }

                runs.Add(reading.Time, celsius);
            }

            ReportedThrough = (reading.Site, reading.Gateway);
        }

        _count += readings.Count;
        Through = to;
    }
}
