using System.Globalization;
using System.Text;
using System.Text.Json;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Protocol.Status;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Gateways.Influx;

/// <summary>
/// Status as points of <c>gateway_status</c> (tags <c>site</c>, <c>gateway</c>; fields <c>state</c>, <c>online</c>
/// 1/0 and, when online, <c>outbox_depth</c>, <c>oldest_unsent_s</c>, <c>clock_synced</c>, <c>uptime_s</c>,
/// <c>cpu_temp_c</c>, <c>disk_free_bytes</c>, <c>config_version</c>, <c>version</c>, and for a radio uplink <c>link</c>,
/// <c>signal_dbm</c>, <c>signal_quality_pct</c>); power changes as points of
/// <c>gateway_power</c> (field <c>mains</c> 1/0). Two series per gateway: cardinality grows with gateways only.
/// </summary>
public sealed class InfluxGatewayHealthStore : IGatewayHealthStore
{
    public const string StatusMeasurement = "gateway_status";
    public const string PowerMeasurement = "gateway_power";

    private readonly InfluxHttp _influx;

    public InfluxGatewayHealthStore(HttpClient http, IOptions<InfluxStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _influx = new InfluxHttp(http, options.Value);
    }

    public async Task WriteAsync(IReadOnlyCollection<GatewayObservation> observations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count == 0)
        {
            return;
        }

        var lines = new StringBuilder(observations.Count * 160);
        foreach (var observation in observations)
        {
            AppendLine(lines, observation);
        }

        await _influx.WriteAsync(lines.ToString(), "ms", observations.Count, cancellationToken);
    }

    public async Task<IReadOnlyList<GatewayObservation>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? gateway, CancellationToken cancellationToken)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"time >= {StoreTime.BoundToMilliseconds(from)}ms AND time < {StoreTime.BoundToMilliseconds(to)}ms");
        if (gateway is not null)
        {
            where += $" AND \"gateway\" = {InfluxQl.StringLiteral(gateway)}";
        }

        var observations = new List<GatewayObservation>();
        foreach (var row in InfluxRows.Read(await _influx.QueryAsync($"SELECT * FROM \"{StatusMeasurement}\" WHERE {where}", cancellationToken)))
        {
            var state = row.String("state") == "online" ? GatewayState.Online : GatewayState.Offline;
            var health = state == GatewayState.Online && row.String("version") is { } version
                ? new GatewayHealth
                {
                    Version = version,
                    UptimeSeconds = row.Int64("uptime_s"),
                    OutboxDepth = row.Int64("outbox_depth"),
                    OldestUnsentSeconds = Double(row, "oldest_unsent_s"),
                    ClockSynced = row.TryGetValue("clock_synced", out var synced) && synced.ValueKind == JsonValueKind.True,
                    ConfigVersion = row.TryGetValue("config_version", out var config) && config.ValueKind == JsonValueKind.Number ? config.GetInt64() : null,
                    CpuTemperatureCelsius = Double(row, "cpu_temp_c"),
                    DiskFreeBytes = row.TryGetValue("disk_free_bytes", out var disk) && disk.ValueKind == JsonValueKind.Number ? disk.GetInt64() : null,
                    Signal = row.String("link") is { } link
                        ? new GatewaySignal { Link = link, Dbm = Double(row, "signal_dbm"), QualityPercent = Double(row, "signal_quality_pct") }
                        : null,
                }
                : null;
            observations.Add(GatewayObservation.Status(row.String("site") ?? string.Empty, row.String("gateway") ?? string.Empty, StoreTime.FromMilliseconds(row.Int64("time")), state, health));
        }

        foreach (var row in InfluxRows.Read(await _influx.QueryAsync($"SELECT * FROM \"{PowerMeasurement}\" WHERE {where}", cancellationToken)))
        {
            observations.Add(GatewayObservation.Power(row.String("site") ?? string.Empty, row.String("gateway") ?? string.Empty, StoreTime.FromMilliseconds(row.Int64("time")), row.Int64("mains") == 1));
        }

        return [.. observations.OrderBy(o => o.Time).ThenBy(o => o.Gateway, StringComparer.Ordinal)];
    }

    internal static void AppendLine(StringBuilder lines, GatewayObservation observation)
    {
        LineProtocol.AppendMeasurement(lines, observation.IsStatus ? StatusMeasurement : PowerMeasurement);
        LineProtocol.AppendTag(lines, "site", observation.Site);
        LineProtocol.AppendTag(lines, "gateway", observation.Gateway);
        lines.Append(' ');
        if (observation.IsStatus)
        {
            var online = observation.State == GatewayState.Online;
            lines.Append("state=");
            LineProtocol.AppendStringField(lines, online ? "online" : "offline");
            lines.Append(online ? ",online=1i" : ",online=0i");
            if (observation.Health is { } health)
            {
                lines.Append(CultureInfo.InvariantCulture, $",outbox_depth={health.OutboxDepth}i,uptime_s={health.UptimeSeconds}i,clock_synced={(health.ClockSynced ? "true" : "false")}");
                AppendFloat(lines, "oldest_unsent_s", health.OldestUnsentSeconds);
                AppendFloat(lines, "cpu_temp_c", health.CpuTemperatureCelsius);
                if (health.DiskFreeBytes is { } disk)
                {
                    lines.Append(CultureInfo.InvariantCulture, $",disk_free_bytes={disk}i");
                }

                if (health.ConfigVersion is { } config)
                {
                    lines.Append(CultureInfo.InvariantCulture, $",config_version={config}i");
                }

                if (health.Signal is { } signal)
                {
                    lines.Append(",link=");
                    LineProtocol.AppendStringField(lines, signal.Link);
                    AppendFloat(lines, "signal_dbm", signal.Dbm);
                    AppendFloat(lines, "signal_quality_pct", signal.QualityPercent);
                }

                lines.Append(",version=");
                LineProtocol.AppendStringField(lines, health.Version);
            }
        }
        else
        {
            lines.Append(observation.MainsPresent == true ? "mains=1i" : "mains=0i");
        }

        lines.Append(' ').Append(StoreTime.ToMilliseconds(observation.Time).ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void AppendFloat(StringBuilder lines, string field, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            lines.Append(',').Append(field).Append('=').Append(LineProtocol.FormatFloat(v));
        }
    }

    private static double? Double(Dictionary<string, JsonElement> row, string column) =>
        row.TryGetValue(column, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
