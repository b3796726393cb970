using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Gateways;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web.Admin;

/// <summary>Gateways and their broker credentials: register, issue or rotate (the secret shown once), revoke — through the gateways API's code.</summary>
[Authorize(Policy = Policies.WriteRegistry)]
public sealed class GatewaysModel(PlatformDbContext db, AuditTrail audit, GatewayCredentials credentials) : AdminPageModel
{
    public sealed class GatewayForm
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Site { get; set; }
    }

    public IReadOnlyList<Gateway> Gateways { get; private set; } = [];

    public IReadOnlyList<Site> Sites { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public GatewayForm Form { get; set; } = new();

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The credential just issued: shown on this response only.</summary>
    public GatewaysApi.CredentialResponse? Issued { get; private set; }

    public bool Editing => Gateways.Any(g => g.Id == Form.Id);

    public string ZoneOf(string site) => Sites.FirstOrDefault(s => s.Id == site)?.TimeZone ?? "UTC";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Gateways.FirstOrDefault(g => g.Id == Edit) is { } gateway)
        {
            Form = new GatewayForm { Id = gateway.Id, Name = gateway.Name, Site = gateway.Site };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var change = await GatewaysApi.SaveAsync(Form.Id?.Trim() ?? string.Empty, new GatewaysApi.GatewayRequest(Form.Name, Form.Site), db, audit, credentials, Actor, cancellationToken);
        if (change.Valid)
        {
            return Done(change.Value!.Id);
        }

        Fail(change.Errors);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostIssueAsync(string id, CancellationToken cancellationToken)
    {
        if (await credentials.IssueAsync(id, Actor, cancellationToken) is { } secret)
        {
            Issued = new GatewaysApi.CredentialResponse(id, id, secret);
        }
        else
        {
            Fail("id", $"no gateway has the id '{id}'");
        }

        // No redirect: the secret exists on this response only.
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (await credentials.RevokeAsync(id, Actor, string.IsNullOrWhiteSpace(Reason) ? null : Reason, cancellationToken))
        {
            return Done(id);
        }

        Fail("id", $"no gateway has the id '{id}'");
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Gateways = await db.Set<Gateway>().AsNoTracking().OrderBy(g => g.Site).ThenBy(g => g.Id).ToListAsync(cancellationToken);
        Sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
    }
}
