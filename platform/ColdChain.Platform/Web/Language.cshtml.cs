using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ColdChain.Platform.Web;

/// <summary>Switches the language (English / 简体中文) and remembers it in a cookie for a year; works signed out too.</summary>
[AllowAnonymous]
public sealed class LanguageModel(TimeProvider time) : PageModel
{
    public IActionResult OnGet() => LocalRedirect(WebUiServiceCollectionExtensions.LoginPath);

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = WebUiServiceCollectionExtensions.Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
        if (chosen is not null)
        {
            Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : WebUiServiceCollectionExtensions.HomePath);
    }
}
