using ColdChain.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ColdChain.Platform.Web;

/// <summary>Signs out (a form post, with its anti-forgery token) and returns to the login page.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<PlatformUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect(WebUiServiceCollectionExtensions.LoginPath);

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect(WebUiServiceCollectionExtensions.LoginPath);
    }
}
