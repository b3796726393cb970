using ColdChain.Edge.Configuration;
using ColdChain.Edge.LocalAlarms;
using ColdChain.Edge.Sampling;
using ColdChain.Edge.Uplink;
using ColdChain.Protocol.Events;
using Microsoft.Extensions.Logging;

namespace ColdChain.Edge.RemoteConfig;

/// <summary>
/// Applies the retained <c>config</c> message without a restart. A config is checked against the schema and the
/// options' rules, must be for this site and gateway, must list the same sensors (wiring changes only in the local
/// file) and must raise the version; then ranges, record intervals, calibrations, GSP cadence and alarm rules are
/// swapped, a <c>config_applied</c> event goes out (with the calibrations in force), the status reports the new version and calibrations, and the document is kept in
/// the data directory so the last good config survives a restart. Anything else: a <c>config_rejected</c> event with
/// the reasons, and the running config stays.
/// </summary>
internal sealed partial class RemoteConfigApplier(
    GatewayOptions local, SensorSampler sampler, CabAlarms alarms, GatewayStatusReport status, Action<GatewayEvent> report, string? keepPath, TimeProvider time, ILogger logger)
{
    private readonly Lock _gate = new();
    private GatewayOptions? _applied;

    private GatewayOptions Running => _applied ?? local;

    public long? RunningVersion => Running.Version;

    /// <summary>At start: report the local config, then re-apply the last good remote config kept on disk, if any.</summary>
    public void Start()
    {
        status.ConfigApplied(local.Version, GatewayPlans.ForStatus(local));
        report(new GatewayEvent { Type = GatewayEventType.ConfigApplied, Time = time.GetUtcNow(), Detail = $"version {local.Version} (local file); {GatewayPlans.Reported(local)}" });
        if (keepPath is not null && File.Exists(keepPath))
        {
            Apply(File.ReadAllBytes(keepPath), keep: false);
        }
    }

    /// <summary>Returns true when applied. An empty payload (a cleared retained message) and a re-delivery of the running version are ignored.</summary>
    public bool Apply(byte[] payload, bool keep = true)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length == 0)
        {
            return false;
        }

        lock (_gate)
        {
            var (remote, problems) = GatewayConfigDocument.Read(payload);
            if (remote is not null)
            {
                problems = Mismatches(remote).ToArray();
            }

            if (remote is not null && problems.Count == 0 && remote.Version == Running.Version)
            {
                return false;
            }

            if (remote is null || problems.Count > 0)
            {
                var detail = string.Join("; ", problems);
                Reject(detail.Length > 1000 ? detail[..1000] + "…" : detail);
                return false;
            }

            sampler.Apply(GatewayPlans.Sampling(WithLocalIntervals(remote)) with { SampleInterval = GatewayPlans.Tick(local) });
            alarms.Apply(GatewayPlans.Alarms(remote));
            status.ConfigApplied(remote.Version, GatewayPlans.ForStatus(remote));
            _applied = remote;
            if (keep && keepPath is not null)
            {
                Keep(keepPath, payload);
            }

            report(new GatewayEvent { Type = GatewayEventType.ConfigApplied, Time = time.GetUtcNow(), Detail = $"version {remote.Version}; {GatewayPlans.Reported(remote)}" });
            LogApplied(logger, remote.Version ?? 0);
            return true;
        }
    }

    private IEnumerable<string> Mismatches(GatewayOptions remote)
    {
        if (remote.Site != local.Site || remote.GatewayId != local.GatewayId)
        {
            yield return $"the config is for {remote.Site}/{remote.GatewayId}, this gateway is {local.Site}/{local.GatewayId}";
        }

        if (remote.Version is null)
        {
            yield return "Gateway:Version is missing: a remote config must carry a version";
        }
        else if (remote.Version < Running.Version)
        {
            yield return $"version {remote.Version} is older than the running version {Running.Version}";
        }

        var wired = local.Sensors.Select(s => (s.Id, s.Kind)).Order().ToArray();
        var asked = remote.Sensors.Select(s => (s.Id, s.Kind)).Order().ToArray();
        if (!wired.SequenceEqual(asked))
        {
            yield return "Gateway:Sensors must list the sensors wired on this gateway (same Id and Kind); wiring changes only in the local file";
        }

        if (remote.Gsp.Enabled && local.Sensors.Select(s => s.SampleInterval ?? local.SampleInterval).Append(local.SampleInterval).Max() > TimeSpan.FromMinutes(1))
        {
            yield return "Gateway:Gsp:Enabled needs every sensor's SampleInterval to be at most 00:01:00, which only the local file sets";
        }

        if (remote.Gsp.OutOfRangeRecordInterval < GatewayPlans.Tick(local))
        {
            yield return $"Gateway:Gsp:OutOfRangeRecordInterval {remote.Gsp.OutOfRangeRecordInterval} is shorter than the sampler's tick {GatewayPlans.Tick(local)}, which only the local file sets";
        }
    }

    /// <summary>
    /// The sampling intervals (the gateway's and each sensor's) are the local file's: the sampler's tick is fixed at start.
    /// A remote config changes what is recorded and how (ranges, record intervals, calibrations), not how often a sensor is read.
    /// </summary>
    private GatewayOptions WithLocalIntervals(GatewayOptions remote)
    {
        remote.SampleInterval = local.SampleInterval;
        var wired = local.Sensors.ToDictionary(s => s.Id!, StringComparer.Ordinal);
        foreach (var sensor in remote.Sensors)
        {
            sensor.SampleInterval = wired[sensor.Id!].SampleInterval;
        }

        return remote;
    }

    private void Reject(string reasons)
    {
        report(new GatewayEvent { Type = GatewayEventType.ConfigRejected, Time = time.GetUtcNow(), Detail = reasons });
        LogRejected(logger, Running.Version ?? 0, reasons);
    }

    /// <summary>Atomically (temp file, fsync, rename): a power cut leaves the old or the new document, never half of one.</summary>
    private static void Keep(string path, byte[] payload)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(payload);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Remote config version {Version} applied")]
    private static partial void LogApplied(ILogger logger, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote config rejected; keeping version {Running}: {Reasons}")]
    private static partial void LogRejected(ILogger logger, long running, string reasons);
}
