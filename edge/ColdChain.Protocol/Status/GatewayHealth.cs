using System.Text.Json.Serialization;

namespace ColdChain.Protocol.Status;

public sealed record GatewayHealth
{
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    [JsonPropertyName("uptime_s")]
    public required long UptimeSeconds { get; init; }

    [JsonPropertyName("outbox_depth")]
    public long OutboxDepth { get; init; }

    [JsonPropertyName("oldest_unsent_s")]
    public double? OldestUnsentSeconds { get; init; }

    [JsonPropertyName("clock_synced")]
    public bool ClockSynced { get; init; }

    [JsonPropertyName("config_version")]
    public long? ConfigVersion { get; init; }

    [JsonPropertyName("cpu_temp_c")]
    public double? CpuTemperatureCelsius { get; init; }

    [JsonPropertyName("disk_free_bytes")]
    public long? DiskFreeBytes { get; init; }

    /// <summary>The radio link's signal; absent on a wired gateway and from gateways older than this field.</summary>
    [JsonPropertyName("signal")]
    public GatewaySignal? Signal { get; init; }

    /// <summary>The calibrations in force (absent from gateways older than this field: unknown, not "none").</summary>
    [JsonPropertyName("calibrations")]
    public IReadOnlyList<GatewayCalibration>? Calibrations { get; init; }
}
