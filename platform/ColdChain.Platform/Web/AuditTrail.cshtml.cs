using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Web;

/// <summary>
/// The audit trail, read-only, with the filters of <c>GET /api/audit</c> (actor, entity, period in whole UTC days),
/// newest first, and on request the chain verification of <see cref="AuditVerifier"/> against the head kept outside
/// the database (the same walk as <c>audit verify</c>).
/// </summary>
[Authorize(Policy = Policies.ReadAudit)]
public sealed class AuditTrailModel(PlatformDbContext db, IOptions<AuditOptions> options) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool Verify { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

    public IReadOnlyList<string> Actors { get; private set; } = [];

    public IReadOnlyList<string> Entities { get; private set; } = [];

    public AuditVerifier.Result? Verification { get; private set; }

    public AuditHead? Head { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        PageNumber = Math.Max(1, PageNumber);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Actor))
        {
            var actor = Actor.Trim();
            query = query.Where(a => a.Actor == actor);
        }

        if (!string.IsNullOrWhiteSpace(Entity))
        {
            query = query.Where(a => a.Entity == Entity);
        }

        if (From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.Time >= start);
        }

        if (To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.Time < end);
        }

        Total = await query.CountAsync(cancellationToken);
        Entries = await query.OrderByDescending(a => a.Sequence).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        Actors = await db.AuditEntries.AsNoTracking().Select(a => a.Actor).Distinct().OrderBy(a => a).Take(500).ToListAsync(cancellationToken);
        Entities = await db.AuditEntries.AsNoTracking().Select(a => a.Entity).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        if (Verify)
        {
            Head = AuditHead.Read(options.Value.HeadFile!);
            Verification = await AuditVerifier.VerifyAsync(db, Head, cancellationToken);
        }
    }

    /// <summary>The address of another page of the same filtered list.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["actor"] = Actor,
        ["entity"] = Entity,
        ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
