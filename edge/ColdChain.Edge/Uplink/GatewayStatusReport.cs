using System.Reflection;
using ColdChain.Edge.Outbox;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Status;

namespace ColdChain.Edge.Uplink;

/// <summary>Builds the retained status messages: <c>online</c> with health after each connect, <c>offline</c> for the Last Will and a clean stop.</summary>
internal sealed class GatewayStatusReport(UplinkSettings settings, MemoryOutbox outbox, TimeProvider time, bool clockSynced)
{
    private static readonly string Version =
        typeof(GatewayStatusReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly DateTimeOffset _started = time.GetUtcNow();

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
                ClockSynced = clockSynced,
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
