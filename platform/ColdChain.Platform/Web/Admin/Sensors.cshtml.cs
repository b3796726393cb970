using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Gateways;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Sensors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web.Admin;

/// <summary>
/// Sensors and their calibration certificates (number, laboratory, calibrated and due dates, correction), overdue ones
/// marked; saved through the sensors API's changes, so a correction goes to the gateways reading the sensor as well.
/// </summary>
[Authorize(Policy = Policies.WriteRegistry)]
public sealed class SensorsModel(PlatformDbContext db, AuditTrail audit, GatewayConfigs configs, TimeProvider time) : AdminPageModel
{
    public static IReadOnlyList<string> Kinds { get; } = ["temperature", "humidity", "door"];

    public static string KindWord(string kind) => kind switch
    {
        "temperature" => "Temperature",
        "humidity" => "Humidity",
        "door" => "Door",
        _ => kind,
    };

    public sealed class SensorForm
    {
        public string? Id { get; set; }

        public string? Asset { get; set; }

        public string? Zone { get; set; }

        public string? Kind { get; set; } = "temperature";

        public string? Serial { get; set; }

        public string? AccuracyClass { get; set; }
    }

    public sealed class CertificateForm
    {
        public string? Sensor { get; set; }

        public string? Number { get; set; }

        public string? Reference { get; set; }

        public DateOnly? CalibratedOn { get; set; }

        public DateOnly? DueOn { get; set; }

        public double? Correction { get; set; }
    }

    public IReadOnlyList<SensorsApi.SensorResponse> Sensors { get; private set; } = [];

    public IReadOnlyList<Asset> Assets { get; private set; } = [];

    public IReadOnlyDictionary<string, string> ZoneOfAsset { get; private set; } = new Dictionary<string, string>();

    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public SensorForm Form { get; set; } = new();

    [BindProperty]
    public CertificateForm Certificate { get; set; } = new();

    /// <summary>Where the last recorded certificate's correction went: each gateway config version, published or why not.</summary>
    public IReadOnlyList<GatewayConfigs.Delivery>? Deliveries { get; private set; }

    public bool Editing => Sensors.Any(s => s.Id == Form.Id);

    public string ZoneOf(string asset) => ZoneOfAsset.GetValueOrDefault(asset) ?? "UTC";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Sensors.FirstOrDefault(s => s.Id == Edit) is { } sensor)
        {
            Form = new SensorForm { Id = sensor.Id, Asset = sensor.Asset, Zone = sensor.Zone, Kind = sensor.Kind, Serial = sensor.Serial, AccuracyClass = sensor.AccuracyClass };
            Certificate.Sensor = sensor.Id;
        }
    }

    public async Task<IActionResult> OnPostSensorAsync(CancellationToken cancellationToken)
    {
        var request = new SensorsApi.SensorRequest(Form.Asset, string.IsNullOrWhiteSpace(Form.Zone) ? null : Form.Zone.Trim(), Form.Kind, Form.Serial, Form.AccuracyClass?.Trim());
        var change = await SensorsApi.SaveAsync(Form.Id?.Trim() ?? string.Empty, request, db, audit, Actor, cancellationToken);
        if (change.Valid)
        {
            return Done(change.Value!.Id, new { edit = change.Value.Id });
        }

        Fail(change.Errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCertificateAsync(CancellationToken cancellationToken)
    {
        var sensor = await db.Sensors.AsNoTracking().SingleOrDefaultAsync(s => s.Id == Certificate.Sensor, cancellationToken);
        if (sensor is null)
        {
            Fail("sensor", $"no sensor has the id '{Certificate.Sensor}'");
        }
        else
        {
            // A certificate's dates are days at the sensor's site: midnight there, stored as the UTC instant.
            var zone = await db.Assets.AsNoTracking().Where(a => a.Id == sensor.Asset).Join(db.Sites, a => a.Site, s => s.Id, (a, s) => s.TimeZone).FirstOrDefaultAsync(cancellationToken) ?? "UTC";
            var request = new SensorsApi.CertificateRequest(Certificate.Number, AtMidnight(Certificate.CalibratedOn, zone), AtMidnight(Certificate.DueOn, zone), Certificate.Reference, Certificate.Correction);
            var change = await SensorsApi.RecordCertificateAsync(sensor.Id, request, db, audit, configs, Actor, cancellationToken);
            if (change.Valid)
            {
                Saved = $"{sensor.Id} · {change.Value!.Certificate.Number}";
                Deliveries = change.Value.ConfigDeliveries;
                Certificate = new CertificateForm { Sensor = sensor.Id };
            }
            else
            {
                Fail(change.Errors);
            }
        }

        // No redirect: the page shows where the correction went.
        await LoadAsync(cancellationToken);
        return Page();
    }

    private static DateTimeOffset? AtMidnight(DateOnly? day, string timeZone)
    {
        if (day is not { } d)
        {
            return null;
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Assets = await db.Assets.AsNoTracking().OrderBy(a => a.Site).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        var zones = await db.Sites.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.TimeZone, StringComparer.Ordinal, cancellationToken);
        ZoneOfAsset = Assets.ToDictionary(a => a.Id, a => zones.GetValueOrDefault(a.Site) ?? "UTC", StringComparer.Ordinal);
        Sensors = await SensorsApi.DescribeAsync(db, db.Assets.AsNoTracking().Select(a => a.Id), time, cancellationToken);
    }
}
