using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Disabling, enabling and changing the role of people, audited. Accounts are never deleted (ids are never reused,
/// Part 11 §11.300). The last enabled admin can be neither disabled nor demoted: nobody could manage access after.
/// A disabled user's sessions end at their next request (the security stamp changes and every request checks it); a
/// changed role applies from the user's next request (every request rebuilds the session's roles from the database).
/// </summary>
public sealed class UserAdministration(UserManager<PlatformUser> users, PlatformDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>One change at a time in this process, so two admins cannot disable each other at once and leave none.</summary>
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public enum Outcome
    {
        Done,
        NotFound,
        LastAdmin,
        Invalid,
    }

    public Task<(Outcome Outcome, PlatformUser? User, string? Problem)> DisableAsync(string id, string? reason, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, cancellationToken, async user =>
        {
            if (user.IsDisabled)
            {
                return (Outcome.Done, null);
            }

            if (await users.IsInRoleAsync(user, Roles.Admin) && !await AnotherEnabledAdminAsync(user.Id, cancellationToken))
            {
                return (Outcome.LastAdmin, "this is the last enabled admin: enable or appoint another admin first");
            }

            user.DisabledAt = AuditChain.Truncate(time.GetUtcNow());
            await Checked(users.UpdateSecurityStampAsync(user));
            await audit.RecordAsync(db, actor, "user.disable", "user", user.Id, new { Disabled = false }, new { Disabled = true, user.DisabledAt }, reason, cancellationToken);
            return (Outcome.Done, null);
        });

    public Task<(Outcome Outcome, PlatformUser? User, string? Problem)> EnableAsync(string id, string? reason, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, cancellationToken, async user =>
        {
            if (!user.IsDisabled)
            {
                return (Outcome.Done, null);
            }

            var before = user.DisabledAt;
            user.DisabledAt = null;
            await Checked(users.UpdateSecurityStampAsync(user));
            await audit.RecordAsync(db, actor, "user.enable", "user", user.Id, new { Disabled = true, DisabledAt = before }, new { Disabled = false }, reason, cancellationToken);
            return (Outcome.Done, null);
        });

    public Task<(Outcome Outcome, PlatformUser? User, string? Problem)> ChangeRoleAsync(string id, string role, string? reason, AuditActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, cancellationToken, async user =>
        {
            if (!Roles.All.Contains(role, StringComparer.Ordinal))
            {
                return (Outcome.Invalid, $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}");
            }

            var before = await users.GetRolesAsync(user);
            if (before.Count == 1 && before[0] == role)
            {
                return (Outcome.Done, null);
            }

            if (before.Contains(Roles.Admin) && role != Roles.Admin && !user.IsDisabled && !await AnotherEnabledAdminAsync(user.Id, cancellationToken))
            {
                return (Outcome.LastAdmin, "this is the last enabled admin: appoint another admin first");
            }

            await Checked(users.RemoveFromRolesAsync(user, before));
            await Checked(users.AddToRoleAsync(user, role));
            await audit.RecordAsync(db, actor, "user.role-change", "user", user.Id, new { Roles = before }, new { Roles = new[] { role } }, reason, cancellationToken);
            return (Outcome.Done, null);
        });

    private async Task<(Outcome, PlatformUser?, string?)> ChangeAsync(
        string id, AuditActor actor, CancellationToken cancellationToken, Func<PlatformUser, Task<(Outcome Outcome, string? Problem)>> change)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var user = await users.FindByIdAsync(id);
            if (user is null)
            {
                return (Outcome.NotFound, null, $"no user has the id '{id}'");
            }

            // The role change, the stamp and the audit entry commit together or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var (outcome, problem) = await change(user);
            if (outcome == Outcome.Done)
            {
                await transaction.CommitAsync(cancellationToken);
                await audit.WriteHeadAsync(db, cancellationToken);
            }

            return (outcome, user, problem);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<bool> AnotherEnabledAdminAsync(string userId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        return admins.Any(a => a.Id != userId && !a.IsDisabled);
    }

    private static async Task Checked(Task<IdentityResult> operation)
    {
        var result = await operation;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
