using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Identity;

/// <summary>Identity's sign-in manager, refusing disabled accounts: at login (NotAllowed) and at every session check.</summary>
public sealed class PlatformSignInManager(
    UserManager<PlatformUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PlatformUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PlatformUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PlatformUser> confirmation)
    : SignInManager<PlatformUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PlatformUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.IsDisabled && await base.CanSignInAsync(user);
    }

    /// <summary>A session cookie of a disabled user is refused even if its security stamp still matched.</summary>
    public override async Task<PlatformUser?> ValidateSecurityStampAsync(System.Security.Claims.ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: true } ? null : user;
    }
}
