using ColdChain.Edge.Calibration;
using ColdChain.Edge.Sampling.DoorContact;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling;

/// <summary>
/// One sampling round over the real drivers: measure each sensor that is due (its own interval; while any of its readings
/// is out of range at least every out-of-range record interval, so GSP's 2-minute rule holds per sensor), calibrate, judge against the asset's range, decide what is
/// recorded (<see cref="RecordingCadence"/>), and turn fault transitions into <c>sensor_fault</c> /
/// <c>sensor_recovered</c> events. A faulted measurement becomes a <c>sensor_fault</c> reading with no value — never
/// the last good one. Ranges, calibrations and cadence come from a <see cref="SamplingPlan"/> swapped whole when a
/// remote config is applied.
/// </summary>
internal sealed class SensorSampler(IReadOnlyList<SensorBinding> sensors, IReadOnlyList<DoorContactSensor> doors, SamplingPlan plan, TimeProvider time)
{
    private readonly Dictionary<string, string> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reading> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<SensorBinding, DateTimeOffset> _nextDue = new(ReferenceEqualityComparer.Instance);
    private RecordingCadence _cadence = new(plan.OutOfRangeRecordInterval);
    private SamplingPlan _plan = plan;

    public SamplingPlan Plan => Volatile.Read(ref _plan);

    /// <summary>
    /// The latest reading of every sensor, recorded or not, whichever round measured it: what the cab alarms evaluate
    /// (with per-sensor intervals one round reads only the sensors that are due, and an asset's worst sensor must not
    /// drop out of view between its own reads).
    /// </summary>
    public IReadOnlyList<Reading> Latest { get; private set; } = [];

    public void Apply(SamplingPlan next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.OutOfRangeRecordInterval != _cadence.OutOfRangeInterval)
        {
            _cadence = new RecordingCadence(next.OutOfRangeRecordInterval);
        }

        Volatile.Write(ref _plan, next);
    }

    public async ValueTask<SensorSample> SampleAsync(CancellationToken cancellationToken)
    {
        var plan = Plan;
        var all = new List<Reading>();
        var events = new List<GatewayEvent>();
        var tolerance = plan.SampleInterval / 2;
        foreach (var binding in sensors)
        {
            if (_nextDue.TryGetValue(binding, out var due) && time.GetUtcNow() + tolerance < due)
            {
                continue;
            }

            IReadOnlyList<Measurement> measurements;
            try
            {
                measurements = await binding.Sensor.MeasureAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A driver bug or a bus the process may not open (permissions): that sensor faults, the others go on.
                measurements = binding.Produces.Select(p => Measurement.Faulted(p.SensorId, p.Quantity, $"driver failed: {e.Message}")).ToArray();
            }

            var at = time.GetUtcNow();
            var outOfRange = false;
            foreach (var m in measurements)
            {
                var reading = ToReading(m, binding.AssetId, at, plan);
                outOfRange |= reading.Status == ReadingStatus.OutOfRange;
                all.Add(reading);
                TrackFault(m, binding.AssetId, at, events);
            }

            _nextDue[binding] = at + plan.SampleIntervalOf(binding.Id, outOfRange);
        }

        foreach (var door in doors)
        {
            events.AddRange(door.TakeEvents());
        }

        foreach (var reading in all)
        {
            _latest[reading.Sensor] = reading;
        }

        Latest = [.. _latest.Values];
        var recorded = all.Where(r => _cadence.ShouldRecord(r, plan.RecordIntervalOf(r), tolerance)).ToArray();
        return new SensorSample(recorded, [.. events.OrderBy(e => e.Time)]);
    }

    private static Reading ToReading(Measurement m, string assetId, DateTimeOffset at, SamplingPlan plan)
    {
        double? value = null;
        var status = ReadingStatus.SensorFault;
        if (m.Value is { } raw)
        {
            var calibrated = plan.Calibrations.GetValueOrDefault(m.SensorId) is { } calibration ? Math.Round(calibration.Apply(raw), 3) : raw;
            value = calibrated;
            status = plan.Assets.GetValueOrDefault(assetId)?.IsOutside(m.Quantity, calibrated) == true ? ReadingStatus.OutOfRange : ReadingStatus.Ok;
        }

        return new Reading
        {
            Sensor = m.SensorId,
            Asset = assetId,
            Time = at,
            Quantity = m.Quantity,
            Unit = m.Quantity.CanonicalUnit(),
            Value = value,
            Status = status,
        };
    }

    private void TrackFault(Measurement m, string assetId, DateTimeOffset at, List<GatewayEvent> events)
    {
        var had = _faults.TryGetValue(m.SensorId, out var previous);
        if (m.Fault is { } fault)
        {
            // One event per fault episode (and per change of cause), not one per sample.
            if (!had || previous != fault)
            {
                _faults[m.SensorId] = fault;
                events.Add(new GatewayEvent { Type = GatewayEventType.SensorFault, Time = at, Sensor = m.SensorId, Asset = assetId, Detail = Shorten(fault) });
            }
        }
        else if (had)
        {
            _faults.Remove(m.SensorId);
            events.Add(new GatewayEvent { Type = GatewayEventType.SensorRecovered, Time = at, Sensor = m.SensorId, Asset = assetId });
        }
    }

    private static string Shorten(string text) => text.Length > 1000 ? text[..1000] + "…" : text;
}

/// <summary>A driver, the asset whose space it measures, and the readings it produces (reported as faults if the driver throws).</summary>
internal sealed record SensorBinding(IMeasuringSensor Sensor, string AssetId, IReadOnlyList<(string SensorId, Quantity Quantity)> Produces)
{
    /// <summary>The configured sensor's id: the key of its own sample interval in the <see cref="SamplingPlan"/>; null: read every tick.</summary>
    public string? Id { get; init; }

    public SensorBinding(IMeasuringSensor sensor, string assetId)
        : this(sensor, assetId, [])
    {
    }
}

/// <summary>What a remote config can change without a restart: ranges, record intervals, calibrations.</summary>
internal sealed record SamplingPlan
{
    /// <summary>The sampler's tick (how often <see cref="SensorSampler.SampleAsync"/> runs); a sensor without its own interval is read every tick.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each sensor's own sample interval, by configured sensor id.</summary>
    public IReadOnlyDictionary<string, TimeSpan> SampleIntervals { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Record intervals set on a sensor (by reading sensor id), overriding its asset's.</summary>
    public IReadOnlyDictionary<string, TimeSpan> RecordIntervals { get; init; } = new Dictionary<string, TimeSpan>();

    public TimeSpan OutOfRangeRecordInterval { get; init; } = RecordingCadence.DefaultOutOfRangeInterval;

    public IReadOnlyDictionary<string, AssetLimits> Assets { get; init; } = new Dictionary<string, AssetLimits>();

    public IReadOnlyDictionary<string, SensorCalibration> Calibrations { get; init; } = new Dictionary<string, SensorCalibration>();

    public TimeSpan? RecordIntervalOf(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return RecordIntervals.TryGetValue(reading.Sensor, out var own) ? own : Assets.GetValueOrDefault(reading.Asset)?.RecordInterval;
    }

    /// <summary>When a sensor is next due: its own interval, or the tick; out of range, at most the out-of-range record interval.</summary>
    public TimeSpan SampleIntervalOf(string? sensorId, bool outOfRange)
    {
        var interval = sensorId is not null && SampleIntervals.TryGetValue(sensorId, out var own) ? own : SampleInterval;
        return outOfRange && OutOfRangeRecordInterval < interval ? OutOfRangeRecordInterval : interval;
    }
}
