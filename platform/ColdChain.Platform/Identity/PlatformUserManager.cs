using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Identity;

/// <summary>
/// Identity's user manager with lockout on the app's <see cref="TimeProvider"/>: .NET 10's reads the system clock for
/// "is this account locked" and "lock it until", so a test could not move time and a clock seam would be a lie.
/// </summary>
public sealed class PlatformUserManager(
    IUserStore<PlatformUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<PlatformUser> passwordHasher,
    IEnumerable<IUserValidator<PlatformUser>> userValidators,
    IEnumerable<IPasswordValidator<PlatformUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PlatformUser>> logger,
    TimeProvider time)
    : UserManager<PlatformUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private IUserLockoutStore<PlatformUser> LockoutStore =>
        Store as IUserLockoutStore<PlatformUser> ?? throw new NotSupportedException("the user store does not support lockout");

    public override async Task<bool> IsLockedOutAsync(PlatformUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!SupportsUserLockout || !await LockoutStore.GetLockoutEnabledAsync(user, CancellationToken))
        {
            return false;
        }

        return await LockoutStore.GetLockoutEndDateAsync(user, CancellationToken) is { } end && end >= time.GetUtcNow();
    }

    public override async Task<IdentityResult> AccessFailedAsync(PlatformUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var failures = await LockoutStore.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (failures >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await LockoutStore.SetLockoutEndDateAsync(user, time.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
            await LockoutStore.ResetAccessFailedCountAsync(user, CancellationToken);
        }

        return await UpdateUserAsync(user);
    }
}
