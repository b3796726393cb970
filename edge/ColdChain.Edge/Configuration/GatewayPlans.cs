using System.Globalization;
using ColdChain.Edge.Calibration;
using ColdChain.Edge.LocalAlarms;
using ColdChain.Edge.Sampling;

namespace ColdChain.Edge.Configuration;

/// <summary>Turns validated options into what the running parts use: the sampling plan, the alarm rules, the calibrations reported in the status.</summary>
internal static class GatewayPlans
{
    public static SamplingPlan Sampling(GatewayOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SamplingPlan
        {
            SampleInterval = o.SampleInterval,
            OutOfRangeRecordInterval = o.Gsp.OutOfRangeRecordInterval,
            Assets = o.Assets.ToDictionary(a => a.Id!, a => a.ToLimits(), StringComparer.Ordinal),
            Calibrations = Calibrations(o).ToDictionary(c => c.SensorId, c => c.Calibration, StringComparer.Ordinal),
        };
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
