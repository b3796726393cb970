using System.Reflection;
using ColdChain.Edge.Outbox;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Status;

namespace ColdChain.Edge.Uplink;

/// <summary>Builds the retained status messages: <c>online</c> with health after each connect, <c>offline</c> for the Last Will and a clean stop.</summary>
internal sealed class GatewayStatusReport(UplinkSettings settings, DurableOutbox outbox, TimeProvider time, bool clockSynced, HealthProbe? probe = null, Func<GatewaySignal?>? signal = null)
{
    private static readonly string Version =
        typeof(GatewayStatusReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly DateTimeOffset _started = time.GetUtcNow();
    private long _configVersion = -1;
    private IReadOnlyList<GatewayCalibration>? _calibrations;

    /// <summary>Set when a config is applied (at start and by a remote config): its version and calibrations go in every status after.</summary>
    public void ConfigApplied(long? version, IReadOnlyList<GatewayCalibration>? calibrations = null)
    {
        Volatile.Write(ref _calibrations, calibrations);
        Interlocked.Exchange(ref _configVersion, version ?? -1);
    }

    public IReadOnlyList<GatewayCalibration>? Calibrations => Volatile.Read(ref _calibrations);

    public long? ConfigVersion => Interlocked.Read(ref _configVersion) is var v and >= 0 ? v : null;

    public GatewayStatus Online()
    {
        var now = time.GetUtcNow();
        return new GatewayStatus
        {
            Site = settings.Site,
            Gateway = settings.GatewayId,
            State = GatewayState.Online,
            Time = UtcTimestampConverter.ToWirePrecision(now),
            Health = new GatewayHealth
            {
                Version = Version,
                UptimeSeconds = (long)(now - _started).TotalSeconds,
                OutboxDepth = outbox.Count,
                OldestUnsentSeconds = outbox.OldestCreatedAt is { } oldest ? Math.Round((now - oldest).TotalSeconds, 3) : null,
                ClockSynced = probe?.ClockSynced() ?? clockSynced,
                ConfigVersion = ConfigVersion,
                CpuTemperatureCelsius = probe?.CpuTemperatureCelsius(),
                DiskFreeBytes = probe?.DiskFreeBytes(),
                Signal = signal?.Invoke(),
                Calibrations = Calibrations,
            },
        };
    }

    /// <summary>
    /// The offline form. As a Last Will its <c>ts</c> is the time of the connect that registered it: the broker sends
    /// it later, unchanged, so a receiver takes the time it arrived as the time the gateway was lost.
    /// </summary>
    public GatewayStatus Offline() => new()
    {
        Site = settings.Site,
        Gateway = settings.GatewayId,
        State = GatewayState.Offline,
        Time = UtcTimestampConverter.ToWirePrecision(time.GetUtcNow()),
    };
}
