using ColdChain.Platform.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ColdChain.Platform.Web.Admin;

/// <summary>
/// What every admin page shares: the field errors of the last post (keyed as the API's ProblemDetails name them, so a
/// page shows the very messages an API caller gets), the "saved" notice after a redirect, and who is acting.
/// Changes go through the same audited methods the API endpoints call.
/// </summary>
public abstract class AdminPageModel : PageModel
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = NoErrors;

    /// <summary>The id just saved (post, redirect, get): the page says so.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Saved { get; set; }

    protected AuditActor Actor => AuditActor.From(HttpContext);

    public string? Error(string key) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { } messages ? string.Join(" ", messages) : null;

    public string Invalid(string key) => Error(key) is null ? "false" : "true";

    protected void Fail(IReadOnlyDictionary<string, string[]> errors) => Errors = errors;

    protected void Fail(string key, string message) => Errors = new Dictionary<string, string[]> { [key] = [message] };

    protected RedirectToPageResult Done(string id, object? more = null)
    {
        var values = new RouteValueDictionary(more) { ["saved"] = id };
        return RedirectToPage(values);
    }
}
