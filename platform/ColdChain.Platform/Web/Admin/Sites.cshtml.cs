using ColdChain.Platform.Alarms;
using ColdChain.Platform.Alarms.Escalation;
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
/// sites API's change; each site's escalation policy (first line, operators on duty, QA managers, each step's delay),
/// saved through the escalation API's change. A site without a policy of its own shows the configured default.
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

    public sealed class ChainForm
    {
        public string? Site { get; set; }

        public List<StepForm> Steps { get; set; } = [];
    }

    public sealed class StepForm
    {
        public double? DelayMinutes { get; set; }

        /// <summary>One e-mail address per line.</summary>
        public string? Recipients { get; set; }

        public List<string> Roles { get; set; } = [];
    }

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    public IReadOnlyDictionary<string, EscalationPolicy.View> Escalations { get; private set; } = new Dictionary<string, EscalationPolicy.View>();

    public static IReadOnlyList<string> TimeZones { get; } = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(z => z.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public SiteForm Form { get; set; } = new();

    /// <summary>The site whose escalation policy is being changed (<c>?escalation=</c>).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Escalation { get; set; }

    [BindProperty]
    public ChainForm Chain { get; set; } = new();

    public bool Editing => Sites.Any(s => s.Id == Form.Id);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Sites.FirstOrDefault(s => s.Id == Edit) is { } site)
        {
            Form = new SiteForm { Id = site.Id, Name = site.Name, TimeZone = site.TimeZone, AlarmContacts = string.Join('\n', site.AlarmContacts), Live = site.Live };
        }

        if (Escalation is not null && Escalations.TryGetValue(Escalation, out var policy))
        {
            Chain = new ChainForm
            {
                Site = policy.Site,
                Steps = [.. policy.Steps.Select(s => new StepForm { DelayMinutes = s.DelayMinutes, Recipients = string.Join('\n', s.Recipients ?? []), Roles = s.Roles ?? [] })],
            };
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

    public async Task<IActionResult> OnPostEscalationAsync(CancellationToken cancellationToken)
    {
        var site = Chain.Site ?? string.Empty;
        var steps = Chain.Steps.Select((s, level) => (EscalationPolicy.StepItem?)new EscalationPolicy.StepItem(
            level, s.DelayMinutes, [.. (s.Recipients ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)], s.Roles)).ToList();
        var change = await EscalationPolicyApi.SaveAsync(site, new EscalationPolicyApi.EscalationRequest(steps), db, audit, alarms, alarmOptions.Value, Actor, cancellationToken);
        if (change.Valid)
        {
            return Done(site);
        }

        Fail(change.Errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public bool EditingEscalation => Chain.Site is not null && Escalations.ContainsKey(Chain.Site);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        Escalations = await EscalationPolicy.InForceAsync(db, [.. Sites.Select(s => s.Id)], alarmOptions.Value, cancellationToken);
    }
}
