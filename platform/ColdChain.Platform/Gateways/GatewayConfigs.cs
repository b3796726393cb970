using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ColdChain.Edge.RemoteConfig;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Gateways;

/// <summary>
/// Gateway configs kept by the platform and published to the gateways: an admin uploads a gateway's config (checked
/// with the gateway's own schema and rules), and a calibration certificate entered for a sensor becomes the next
/// version of the config of the gateway that reads it — its correction reaches the gateway over its retained
/// <c>config</c> topic and applies to new readings only (stored readings are never changed).
/// </summary>
public sealed class GatewayConfigs(PlatformDbContext db, AuditTrail audit, GatewayConfigPublisher publisher, TimeProvider time)
{
    public enum Outcome
    {
        Published,
        NotPublished,
        UnknownGateway,
        Invalid,
    }

    public sealed record Result(Outcome Outcome, GatewayConfig? Config, IReadOnlyList<string> Problems);

    /// <summary>Which gateway got which version for a calibration, and whether the broker took it.</summary>
    public sealed record Delivery(string Gateway, long Version, bool Published, string? Problem);

    public async Task<Result> PutAsync(string gatewayId, JsonNode document, AuditActor actor, CancellationToken cancellationToken)
    {
        var gateway = await db.Set<Gateway>().AsNoTracking().SingleOrDefaultAsync(g => g.Id == gatewayId, cancellationToken);
        if (gateway is null)
        {
            return new Result(Outcome.UnknownGateway, null, [$"no gateway has the id '{gatewayId}'"]);
        }

        var stored = await db.Set<GatewayConfig>().SingleOrDefaultAsync(c => c.Gateway == gatewayId, cancellationToken);
        var problems = Check(gateway, document, stored?.Version);
        if (problems.Count > 0)
        {
            return new Result(Outcome.Invalid, null, problems);
        }

        return await SaveAndPublishAsync(gateway, stored, document, actor, "gateway.config-update", reason: null, cancellationToken);
    }

    public async Task<GatewayConfig?> GetAsync(string gatewayId, CancellationToken cancellationToken) =>
        await db.Set<GatewayConfig>().AsNoTracking().SingleOrDefaultAsync(c => c.Gateway == gatewayId, cancellationToken);

    /// <summary>
    /// Writes the certificate's correction (an offset; none given is an offset of 0 under that certificate) into every
    /// stored config that reads <paramref name="sensorId"/> — as its temperature or as its humidity id — and publishes.
    /// </summary>
    public async Task<IReadOnlyList<Delivery>> ApplyCalibrationAsync(string sensorId, string certificate, DateTime calibratedOn, double? correction, AuditActor actor, CancellationToken cancellationToken)
    {
        var deliveries = new List<Delivery>();
        foreach (var stored in await db.Set<GatewayConfig>().ToListAsync(cancellationToken))
        {
            var document = JsonNode.Parse(stored.Document)!;
            if (SensorReading(document, sensorId) is not { } found)
            {
                continue;
            }

            found.Sensor[found.Humidity ? "HumidityCalibration" : "Calibration"] = new JsonObject
            {
                ["Offset"] = correction ?? 0,
                ["CertificateId"] = certificate,
                ["CalibratedOn"] = calibratedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            document["Gateway"]!["Version"] = stored.Version + 1;
            var gateway = await db.Set<Gateway>().AsNoTracking().SingleAsync(g => g.Id == stored.Gateway, cancellationToken);
            var problems = Check(gateway, document, stored.Version);
            if (problems.Count > 0)
            {
                deliveries.Add(new Delivery(stored.Gateway, stored.Version, Published: false, $"the calibrated config is not valid: {string.Join("; ", problems)}"));
                continue;
            }

            var result = await SaveAndPublishAsync(gateway, stored, document, actor, "gateway.config-calibration", $"certificate {certificate} for sensor {sensorId}", cancellationToken);
            deliveries.Add(new Delivery(stored.Gateway, result.Config!.Version, result.Outcome == Outcome.Published, result.Problems.FirstOrDefault()));
        }

        return deliveries;
    }

    private async Task<Result> SaveAndPublishAsync(Gateway gateway, GatewayConfig? stored, JsonNode document, AuditActor actor, string action, string? reason, CancellationToken cancellationToken)
    {
        var before = stored is null ? null : new { stored.Version };
        if (stored is null)
        {
            stored = new GatewayConfig { Gateway = gateway.Id };
            db.Add(stored);
        }

        var text = document.ToJsonString();
        stored.Version = document["Gateway"]!["Version"]!.GetValue<long>();
        stored.Document = text;
        stored.UpdatedAt = AuditChain.Truncate(time.GetUtcNow());
        stored.PublishedAt = null;
        await audit.RecordAsync(db, actor, action, "gateway", gateway.Id, before, new { stored.Version, Config = document }, reason, cancellationToken);

        var problem = await publisher.PublishAsync(gateway.Site, gateway.Id, Encoding.UTF8.GetBytes(text), cancellationToken);
        if (problem is not null)
        {
            return new Result(Outcome.NotPublished, stored, [problem]);
        }

        stored.PublishedAt = AuditChain.Truncate(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new Result(Outcome.Published, stored, []);
    }

    /// <summary>The gateway's own checks (schema, then rules), plus: for this gateway, a newer version, and no broker secrets.</summary>
    private static List<string> Check(Gateway gateway, JsonNode document, long? storedVersion)
    {
        if (document is not JsonObject root || root["Gateway"] is not JsonObject config)
        {
            return ["the document must be a gateway config: { \"Gateway\": { … } }"];
        }

        // The gateway takes broker settings only from its local file; a password has no business on the broker.
        config.Remove("Broker");
        var (options, problems) = GatewayConfigDocument.Read(Encoding.UTF8.GetBytes(root.ToJsonString()));
        if (options is null)
        {
            return [.. problems];
        }

        var more = new List<string>();
        if (options.Site != gateway.Site || options.GatewayId != gateway.Id)
        {
            more.Add($"the config is for {options.Site}/{options.GatewayId}; this gateway is {gateway.Site}/{gateway.Id}");
        }

        if (options.Version is null || options.Version <= storedVersion)
        {
            more.Add($"Gateway:Version must be given and above the stored version {storedVersion}");
        }

        return more;
    }

    private static (JsonObject Sensor, bool Humidity)? SensorReading(JsonNode document, string sensorId)
    {
        foreach (var sensor in document["Gateway"]?["Sensors"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var id = sensor["Id"]?.GetValue<string>();
            if (id == sensorId)
            {
                return (sensor, false);
            }

            var kind = sensor["Kind"]?.GetValue<string>();
            var humidityId = sensor["HumidityId"]?.GetValue<string>() ?? $"{id}-rh";
            if (kind is "Sht3x" or "Sht4x" && humidityId == sensorId)
            {
                return (sensor, true);
            }
        }

        return null;
    }
}
