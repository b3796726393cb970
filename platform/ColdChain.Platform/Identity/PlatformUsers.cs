using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.AspNetCore.Identity;

namespace ColdChain.Platform.Identity;

/// <summary>Creates people with their role, audited. Used by the users API, <c>users add-admin</c> and the demo.</summary>
public sealed class PlatformUsers(UserManager<PlatformUser> users, PlatformDbContext db, AuditTrail audit)
{
    public async Task<(PlatformUser? User, IReadOnlyList<string> Errors)> CreateAsync(
        string email, string displayName, string role, string password, AuditActor actor, CancellationToken cancellationToken)
    {
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            return (null, [$"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}"]);
        }

        var user = new PlatformUser { UserName = email, Email = email, DisplayName = displayName, EmailConfirmed = true, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, created.Errors.Select(e => e.Description).ToList());
        }

        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            return (null, added.Errors.Select(e => e.Description).ToList());
        }

        await audit.RecordAsync(db, actor, "user.create", "user", user.Id, newValues: new { user.Id, user.Email, user.DisplayName, Role = role }, cancellationToken: cancellationToken);
        return (user, []);
    }
}
