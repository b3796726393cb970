using System.ComponentModel.DataAnnotations;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ColdChain.Platform.Web;

/// <summary>
/// Sign-in form (anti-forgery checked by Razor Pages). Same rules as <c>POST /api/auth/login</c>: lockout after
/// repeated failures, every attempt audited. A locked account is told so, with the time left.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(
    UserManager<PlatformUser> users,
    SignInManager<PlatformUser> signIn,
    SignInAudit audit,
    LoginThrottle throttle,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<SecurityOptions> security,
    IStringLocalizer<Strings> text) : PageModel
{
    public int LockoutAfterFailures => security.Value.LockoutAfterFailures;

    [BindProperty]
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = string.Empty;

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool LockedOut { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!throttle.TryEnter(HttpContext))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Error = text["Too many sign-in attempts from this address. Wait a minute and try again."];
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = new AuditActor(AuditActor.UserKind, Email, HttpContext.Connection.RemoteIpAddress?.ToString());
        var user = await users.FindByEmailAsync(Email);
        if (user is null)
        {
            await audit.FailedAsync(actor, Email, null, lockedOut: false, cancellationToken);
            return Failed();
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.SucceededAsync(actor, user.Id, cancellationToken);
            var principal = await signIn.CreateUserPrincipalAsync(user);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl : HomeFor(principal));
        }

        await audit.FailedAsync(actor, Email, user.Id, lockedOut: result.IsLockedOut && !wasLocked, cancellationToken);
        if (result.IsLockedOut)
        {
            var end = await users.GetLockoutEndDateAsync(user) ?? time.GetUtcNow();
            var minutes = Math.Max(1, (int)Math.Ceiling((end - time.GetUtcNow()).TotalMinutes));
            LockedOut = true;
            Error = text["This account is locked after repeated failed sign-ins. Try again in {0} min, or ask an administrator.", minutes];
            return Page();
        }

        return Failed();
    }

    /// <summary>Drivers start on their truck's page, everyone else on the overview.</summary>
    public static string HomeFor(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Driver) ? "/driver" : WebUiServiceCollectionExtensions.HomePath;

    private PageResult Failed()
    {
        Error = text["Wrong e-mail or password."];
        return Page();
    }
}
