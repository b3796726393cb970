using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Web.Admin;

/// <summary>API keys for machine clients: issue with scopes (the key shown once, only its hash kept) and revoke, through <see cref="ApiKeys"/> as the API does.</summary>
[Authorize(Policy = Policies.ManageAccess)]
public sealed class ApiKeysModel(PlatformDbContext db, ApiKeys keys, TimeProvider time) : AdminPageModel
{
    public IReadOnlyList<ApiClient> Clients { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    /// <summary>Last day the key works (through its end, UTC); empty: no expiry.</summary>
    [BindProperty]
    public DateOnly? Expires { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The key just issued: shown on this response only.</summary>
    public ApiKeys.Issued? Issued { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? expires = Expires is { } day ? new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        var request = new ApiKeysApi.CreateApiKeyRequest(Name?.Trim() ?? string.Empty, Scopes, expires);
        var errors = ApiKeysApi.Validate(request, time.GetUtcNow());
        if (errors.Count > 0)
        {
            Fail(errors);
        }
        else
        {
            Issued = await keys.CreateAsync(request.Name, request.Scopes, request.ExpiresAt, Actor, cancellationToken);
            Name = null;
            Scopes = [];
            Expires = null;
        }

        // No redirect: the key exists on this response only.
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(id, Actor, string.IsNullOrWhiteSpace(Reason) ? null : Reason, cancellationToken))
        {
            Fail("id", $"no API key has the id '{id}'");
            await LoadAsync(cancellationToken);
            return Page();
        }

        return Done(id);
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Clients = await db.ApiClients.AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenBy(c => c.Name).ToListAsync(cancellationToken);
}
