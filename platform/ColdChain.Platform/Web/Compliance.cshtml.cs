using System.Globalization;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Reports;
using ColdChain.Platform.Shipments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>
/// Compliance documents: the download form (an asset's or a site's temperature log for whole days in the site's time
/// zone, or a shipment's over its custody legs, as PDF, CSV or EPCIS, in English or Chinese) sends the browser to <c>GET /api/reports/...</c>, so every
/// download is issued, signed and audited there; the verify form posts the file to <c>POST /api/reports/verify</c>.
/// </summary>
[Authorize(Policy = Policies.ReadReports)]
public sealed class ComplianceModel(PlatformDbContext db, TimeProvider time, IStringLocalizer<Strings> text) : PageModel
{
    /// <summary>The newest this many shipments are offered; an older one's log is linked from its own page.</summary>
    private const int ShipmentChoices = 200;

    public IReadOnlyList<Asset> Assets { get; private set; } = [];

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    /// <summary>The shipments whose every leg is on an asset the reader reports on (as the shipment log API decides), newest first.</summary>
    public IReadOnlyList<Shipment> Shipments { get; private set; } = [];

    public bool CanReadAudit => Policies.Rules[Policies.ReadAudit].Allows(User);

    [BindProperty(SupportsGet = true)]
    public string? Target { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Format { get; set; } = "pdf";

    [BindProperty(SupportsGet = true)]
    public string? Lang { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>
    /// Turns the form into the report API's address: whole days in the site's zone become UTC instants; a shipment's
    /// log covers its custody legs, so it takes no days.
    /// </summary>
    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var (kind, id) = Target?.Split(':', 2) is [var k, var i] ? (k, i) : (string.Empty, string.Empty);
        var site = kind switch
        {
            "asset" => Assets.FirstOrDefault(a => a.Id == id)?.Site,
            "site" => Sites.FirstOrDefault(s => s.Id == id)?.Id,
            _ => null,
        };
        var shipment = kind == "shipment" && Shipments.Any(s => s.OrderRef == id);
        if (site is null && !shipment)
        {
            Error = text["Choose an asset, a site or a shipment."];
        }
        else if (!shipment && (From is not { } from || To is not { } to || to < from))
        {
            Error = text["Choose a first and a last day; the last may not be before the first."];
        }
        else if (!shipment && To!.Value.DayNumber - From!.Value.DayNumber + 1 > ReportsApi.MaxPeriod.TotalDays)
        {
            Error = text["At most {0} days per document.", (int)ReportsApi.MaxPeriod.TotalDays];
        }
        else if (Format is not ("pdf" or "csv" or "epcis"))
        {
            Error = text["Choose a format."];
        }
        else
        {
            var language = Lang == "zh-CN" ? "zh-CN" : "en";
            if (shipment)
            {
                return Redirect($"/api/reports/shipments/{Uri.EscapeDataString(id)}?format={Format}&lang={language}");
            }

            var zone = Sites.FirstOrDefault(s => s.Id == site)?.TimeZone ?? "UTC";
            var path = kind == "asset" ? "assets" : "sites";
            return Redirect($"/api/reports/{path}/{Uri.EscapeDataString(id)}?format={Format}&lang={language}&from={StartOfDay(From!.Value, zone)}&to={StartOfDay(To!.Value.AddDays(1), zone)}");
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string DefaultLanguage => Lang ?? (CultureInfo.CurrentUICulture.Name == "zh-CN" ? "zh-CN" : "en");

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Assets = await db.Assets.AsNoTracking().ReportableBy(User).OrderBy(a => a.Site).ThenBy(a => a.Name).ToListAsync(cancellationToken);
        var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var withAssets = Assets.Select(a => a.Site).ToHashSet(StringComparer.Ordinal);
        Sites = [.. sites.Where(s => withAssets.Contains(s.Id) && ReportAccess.MayReportOnSite(User, s.Id))];
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var reportable = Assets.Select(a => a.Id).ToList();
        Shipments = ShipmentVisibility.ReadsAll(User)
            ? await db.Set<Shipment>().AsNoTracking().Where(s => s.Legs.All(l => reportable.Contains(l.Asset)))
                .OrderByDescending(s => s.RegisteredAt).Take(ShipmentChoices).ToListAsync(cancellationToken)
            : [];
        To ??= today;
        From ??= today.AddDays(-6);
    }

    private static string StartOfDay(DateOnly day, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
