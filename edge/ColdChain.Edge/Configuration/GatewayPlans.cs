using System.Globalization;
using ColdChain.Edge.Calibration;
using ColdChain.Edge.LocalAlarms;
using ColdChain.Edge.Sampling;
using ColdChain.Protocol.Status;

namespace ColdChain.Edge.Configuration;

/// <summary>Turns validated options into what the running parts use: the sampling plan, the alarm rules, the calibrations reported in the status.</summary>
internal static class GatewayPlans
{
    public static SamplingPlan Sampling(GatewayOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SamplingPlan
        {
            SampleInterval = Tick(o),
            OutOfRangeRecordInterval = o.Gsp.OutOfRangeRecordInterval,
            Assets = o.Assets.ToDictionary(a => a.Id!, a => a.ToLimits(), StringComparer.Ordinal),
            SampleIntervals = o.Sensors.ToDictionary(s => s.Id!, s => s.SampleInterval ?? o.SampleInterval, StringComparer.Ordinal),
            RecordIntervals = o.Sensors
                .Where(s => s.RecordInterval is not null)
                .SelectMany(s => s.ReadingIds().Select(id => (id, s.RecordInterval!.Value)))
                .ToDictionary(x => x.id, x => x.Value, StringComparer.Ordinal),
            Calibrations = Calibrations(o).ToDictionary(c => c.SensorId, c => c.Calibration, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The sampler's clock tick: the shortest interval any sensor needs, including the out-of-range record interval (an
    /// out-of-range sensor is read at least that often, whatever its own interval). Each sensor is read on the ticks its
    /// own interval makes due.
    /// </summary>
    public static TimeSpan Tick(GatewayOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var tick = new[] { o.SampleInterval, o.Gsp.OutOfRangeRecordInterval }
            .Concat(o.Sensors.Select(s => s.SampleInterval ?? o.SampleInterval))
            .Where(t => t > TimeSpan.Zero)
            .Min();
        return tick < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : tick;
    }

    public static IReadOnlyList<AlarmRule> Alarms(GatewayOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return o.Assets
            .Where(a => a.MinCelsius is not null || a.MaxCelsius is not null)
            .Select(a => new AlarmRule(a.Id!, a.MinCelsius, a.MaxCelsius, a.AlarmDelay, a.WarningMarginCelsius))
            .ToArray();
    }

    /// <summary>
    /// The calibrations in force, for the <c>config_applied</c> event that goes out at start and with every remote config:
    /// "calibrations: room-t1 offset CAL-7 2026-01-13; …". The event stream is the audit trail of which certificate
    /// stood behind which reading when.
    /// </summary>
    public static string Reported(GatewayOptions o)
    {
        var entries = Calibrations(o).Select(c =>
            $"{c.SensorId} {(c.Calibration.Method == CalibrationMethod.TwoPoint ? "two_point" : "offset")} {c.Calibration.CertificateId} " +
            c.Calibration.CalibratedOn!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var text = entries.Length == 0 ? "no calibrations" : $"calibrations: {string.Join("; ", entries)}";
        return text.Length > 900 ? text[..900] + "…" : text;
    }

    /// <summary>The calibrations in force as the status reports them (<c>health.calibrations</c>), so the platform sees them at any time.</summary>
    public static IReadOnlyList<GatewayCalibration> ForStatus(GatewayOptions o) =>
        Calibrations(o).Select(c => new GatewayCalibration
        {
            Sensor = c.SensorId,
            Method = c.Calibration.Method == CalibrationMethod.TwoPoint ? GatewayCalibration.TwoPoint : GatewayCalibration.Offset,
            Certificate = c.Calibration.CertificateId!,
            CalibratedOn = c.Calibration.CalibratedOn!.Value,
        }).ToArray();

    private static IEnumerable<(string SensorId, SensorCalibration Calibration)> Calibrations(GatewayOptions o)
    {
        foreach (var sensor in o.Sensors)
        {
            if (sensor.Calibration is { } t)
            {
                yield return (sensor.Id!, t.ToCalibration());
            }

            if (sensor.HumidityCalibration is { } h)
            {
                yield return (sensor.EffectiveHumidityId, h.ToCalibration());
            }
        }
    }
}
