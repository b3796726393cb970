using System.Text.RegularExpressions;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Sensors;

public static partial class SensorsApi
{
    private static readonly string[] Kinds = ["temperature", "humidity", "door"];

    public sealed record SensorRequest(string? Asset, string? Zone, string? Kind, string? Serial, string? AccuracyClass);

    public sealed record CertificateRequest(string? Number, DateTimeOffset? CalibratedOn, DateTimeOffset? DueOn, string? Reference, double? Correction);

    /// <summary>A sensor as shown anywhere: with its latest certificate and whether its calibration is overdue.</summary>
    /// <summary>The recorded certificate, and where its correction went: the gateway configs that read this sensor, each version published or why not.</summary>
    public sealed record CertificateResponse(CalibrationCertificate Certificate, IReadOnlyList<Gateways.GatewayConfigs.Delivery> ConfigDeliveries);

    public sealed record SensorResponse(string Id, string Asset, string? Zone, string Kind, string Serial, string AccuracyClass, CalibrationCertificate? LatestCertificate, bool CalibrationOverdue);

    public static IEndpointRouteBuilder MapSensorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sensors").WithTags("Sensors");
        api.MapGet("/", ListAsync)
            .RequireAuthorization(Policies.ReadRegistry)
            .WithName("ListSensors")
            .WithSummary("Sensors of the assets the caller may see, each with its latest calibration and an overdue flag.");
        api.MapPut("/{id}", PutAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("PutSensor")
            .WithSummary("Creates or changes a sensor (Admin, audited).");
        api.MapPost("/{id}/certificates", AddCertificateAsync)
            .RequireAuthorization(Policies.WriteRegistry)
            .WithName("AddCalibrationCertificate")
            .WithSummary("Records a calibration certificate (number, date, due date, reference, correction); certificates are never changed. The correction goes to the gateway reading the sensor as the next version of its config, published retained on its config topic; it applies to new readings only (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<SensorResponse>>> ListAsync(HttpContext context, PlatformDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DescribeAsync(db, db.Assets.AsNoTracking().VisibleTo(context.User).Select(a => a.Id), time, cancellationToken));

    /// <summary>The sensors of the given assets, each with its latest certificate and whether its calibration is overdue.</summary>
    public static async Task<List<SensorResponse>> DescribeAsync(PlatformDbContext db, IQueryable<string> assets, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var sensors = await db.Sensors.AsNoTracking().Where(s => assets.Contains(s.Asset)).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var ids = sensors.Select(s => s.Id).ToList();
        var certificates = await db.CalibrationCertificates.AsNoTracking().Where(c => ids.Contains(c.Sensor)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return sensors.Select(s =>
        {
            var latest = certificates.Where(c => c.Sensor == s.Id).OrderByDescending(c => c.CalibratedOn).FirstOrDefault();
            return new SensorResponse(s.Id, s.Asset, s.Zone, s.Kind, s.Serial, s.AccuracyClass, latest, latest is null || latest.DueOn <= now);
        }).ToList();
    }

    private static async Task<Results<Ok<Sensor>, Created<Sensor>, ValidationProblem>> PutAsync(
        string id, SensorRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        var change = await SaveAsync(id, request, db, audit, AuditActor.From(context), cancellationToken);
        if (!change.Valid)
        {
            return TypedResults.ValidationProblem(change.Errors, title: "the sensor is not valid");
        }

        return change.Created ? TypedResults.Created($"/api/sensors/{id}", change.Value) : TypedResults.Ok(change.Value);
    }

    /// <summary>Validates, creates or changes the sensor and records it in the audit trail (the API and the admin pages).</summary>
    public static async Task<AuditedChange<Sensor>> SaveAsync(string id, SensorRequest request, PlatformDbContext db, AuditTrail audit, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var errors = new Dictionary<string, string[]>();
        if (!IdPattern().IsMatch(id))
        {
            errors["id"] = ["letters, digits, '_', '.', '-', at most 64 characters (it travels in every reading)"];
        }

        if (string.IsNullOrEmpty(request.Asset) || !await db.Assets.AnyAsync(a => a.Id == request.Asset, cancellationToken))
        {
            errors["asset"] = [$"no asset has the id '{request.Asset}'"];
        }

        if (request.Kind is null || !Kinds.Contains(request.Kind, StringComparer.Ordinal))
        {
            errors["kind"] = [$"one of {string.Join(", ", Kinds)}"];
        }

        if (string.IsNullOrWhiteSpace(request.Serial))
        {
            errors["serial"] = ["the manufacturer's serial number is required (calibration records refer to it)"];
        }

        if (errors.Count > 0)
        {
            return AuditedChange<Sensor>.Invalid(errors);
        }

        var sensor = await db.Sensors.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        var before = sensor is null ? null : new Sensor { Id = sensor.Id, Asset = sensor.Asset, Zone = sensor.Zone, Kind = sensor.Kind, Serial = sensor.Serial, AccuracyClass = sensor.AccuracyClass };
        if (sensor is null)
        {
            sensor = new Sensor { Id = id };
            db.Sensors.Add(sensor);
        }

        sensor.Asset = request.Asset!;
        sensor.Zone = request.Zone;
        sensor.Kind = request.Kind!;
        sensor.Serial = request.Serial!.Trim();
        sensor.AccuracyClass = request.AccuracyClass ?? string.Empty;
        await audit.RecordAsync(db, actor, before is null ? "sensor.create" : "sensor.update", "sensor", id, before, sensor, cancellationToken: cancellationToken);
        return new AuditedChange<Sensor>(sensor, before is null, new Dictionary<string, string[]>());
    }

    private static async Task<Results<Created<CertificateResponse>, NotFound<ProblemDetailsBody>, ValidationProblem>> AddCertificateAsync(
        string id, CertificateRequest request, HttpContext context, PlatformDbContext db, AuditTrail audit, Gateways.GatewayConfigs configs, CancellationToken cancellationToken)
    {
        if (!await db.Sensors.AnyAsync(s => s.Id == id, cancellationToken))
        {
            return TypedResults.NotFound(new ProblemDetailsBody("unknown sensor", $"no sensor has the id '{id}'"));
        }

        var change = await RecordCertificateAsync(id, request, db, audit, configs, AuditActor.From(context), cancellationToken);
        return change.Valid
            ? TypedResults.Created($"/api/sensors/{id}/certificates/{change.Value!.Certificate.Id}", change.Value)
            : TypedResults.ValidationProblem(change.Errors, title: "the calibration certificate is not valid");
    }

    /// <summary>
    /// Validates and records a certificate of a registered sensor, audited, and sends its correction to the gateways
    /// reading the sensor (the API and the admin pages).
    /// </summary>
    public static async Task<AuditedChange<CertificateResponse>> RecordCertificateAsync(
        string id, CertificateRequest request, PlatformDbContext db, AuditTrail audit, Gateways.GatewayConfigs configs, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(configs);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Number))
        {
            errors["number"] = ["the certificate number is required"];
        }

        if (request.CalibratedOn is null || request.DueOn is null || request.DueOn <= request.CalibratedOn)
        {
            errors["dueOn"] = ["calibratedOn and dueOn are required, dueOn after calibratedOn"];
        }

        if (string.IsNullOrWhiteSpace(request.Reference))
        {
            errors["reference"] = ["the reference instrument or laboratory is required"];
        }

        if (request.Correction is { } c && (double.IsNaN(c) || Math.Abs(c) > 5))
        {
            errors["correction"] = ["a correction of more than 5 units means the sensor needs replacing, not correcting"];
        }

        if (errors.Count > 0)
        {
            return AuditedChange<CertificateResponse>.Invalid(errors);
        }

        var certificate = new CalibrationCertificate
        {
            Id = Guid.NewGuid().ToString("N"),
            Sensor = id,
            Number = request.Number!.Trim(),
            CalibratedOn = AuditChain.Truncate(request.CalibratedOn!.Value),
            DueOn = AuditChain.Truncate(request.DueOn!.Value),
            Reference = request.Reference!.Trim(),
            Correction = request.Correction,
        };
        db.CalibrationCertificates.Add(certificate);
        await audit.RecordAsync(db, actor, "sensor.certificate-add", "sensor", id, newValues: certificate, cancellationToken: cancellationToken);
        var deliveries = await configs.ApplyCalibrationAsync(id, certificate.Number, certificate.CalibratedOn, certificate.Correction, actor, cancellationToken);
        return new AuditedChange<CertificateResponse>(new CertificateResponse(certificate, deliveries), true, new Dictionary<string, string[]>());
    }

    [GeneratedRegex(RegistryIds.Pattern)]
    private static partial Regex IdPattern();
}
