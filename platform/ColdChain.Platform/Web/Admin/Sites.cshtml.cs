using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Web.Admin;

/// <summary>
/// Sites with their time zone and designated alarm contacts (a live site needs at least three), saved through the
/// sites API's change. The escalation chain (first line, operators on duty, QA managers, when it escalates) is the
/// alarms feature's configuration (<c>Alarms:Escalation</c>), shown here as it is in force, not editable.
/// </summary>
[Authorize(Policy = Policies.WriteRegistry)]
public sealed class SitesModel(PlatformDbContext db, AuditTrail audit, IOptions<AlarmOptions> alarmOptions, AlarmDirectory alarms) : AdminPageModel
{
    public sealed class SiteForm
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? TimeZone { get; set; } = "UTC";

        /// <summary>One designated person per line (e-mail address or phone number).</summary>
        public string? AlarmContacts { get; set; }

        public bool Live { get; set; }
    }

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public AlarmOptions Alarms => alarmOptions.Value;

    public static IReadOnlyList<string> TimeZones { get; } = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(z => z.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public SiteForm Form { get; set; } = new();

    public bool Editing => Sites.Any(s => s.Id == Form.Id);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Sites.FirstOrDefault(s => s.Id == Edit) is { } site)
        {
            Form = new SiteForm { Id = site.Id, Name = site.Name, TimeZone = site.TimeZone, AlarmContacts = string.Join('\n', site.AlarmContacts), Live = site.Live };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var contacts = (Form.AlarmContacts ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var change = await SitesApi.SaveAsync(Form.Id?.Trim() ?? string.Empty, new SitesApi.SiteRequest(Form.Name, Form.TimeZone?.Trim(), contacts, Form.Live), db, audit, alarms, Actor, cancellationToken);
        if (change.Valid)
        {
            return Done(change.Value!.Id);
        }

        Fail(change.Errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
}
