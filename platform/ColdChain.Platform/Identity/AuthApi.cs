using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ColdChain.Platform.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace ColdChain.Platform.Identity;

public static class AuthApi
{
    public sealed record LoginRequest([property: Required] string Email, [property: Required] string Password);

    public sealed record PasswordStrengthRequest([property: Required] string Password, string? Email);

    public sealed record SessionResponse(string Name, string Kind, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Auth");
        api.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Login)
            .WithName("Login")
            .WithSummary("Signs a person in with e-mail and password; sets the session cookie. Machines send X-Api-Key instead.");
        api.MapPost("/logout", LogoutAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("Logout")
            .WithSummary("Ends the session.");
        api.MapGet("/me", Me)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("WhoAmI")
            .WithSummary("Who the caller is: name, roles (people) or scopes (API keys).");
        api.MapPost("/password-strength", PasswordStrength)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Login)
            .WithName("PasswordStrength")
            .WithSummary("Scores a candidate password (zxcvbn, 0–4) and says how to make it stronger; nothing is stored or logged.");
        return app;
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, SignInAudit audit, CancellationToken cancellationToken)
    {
        var actor = new AuditActor(AuditActor.UserKind, request.Email, context.Connection.RemoteIpAddress?.ToString());
        var denied = TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "login failed",
            detail: "wrong e-mail or password, or the account is locked for a while after repeated failures");
        var user = await users.FindByEmailAsync(request.Email);
        if (user is null)
        {
            await audit.FailedAsync(actor, request.Email, null, lockedOut: false, cancellationToken);
            return denied;
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.SucceededAsync(actor, user.Id, cancellationToken);
            return TypedResults.Ok(new SessionResponse(user.Email ?? request.Email, AuditActor.UserKind, [.. await users.GetRolesAsync(user)], []));
        }

        await audit.FailedAsync(actor, request.Email, user.Id, lockedOut: result.IsLockedOut && !wasLocked, cancellationToken);
        return denied;
    }

    private static async Task<NoContent> LogoutAsync(SignInManager<PlatformUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static Ok<SessionResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(new SessionResponse(
        user.Identity?.Name ?? string.Empty,
        user.FindFirstValue(AuditActor.KindClaim) ?? AuditActor.UserKind,
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        [.. user.FindAll(Scopes.ClaimType).Select(c => c.Value)]));

    private static Ok<PasswordPolicy.Strength> PasswordStrength(PasswordStrengthRequest request) =>
        TypedResults.Ok(PasswordPolicy.Evaluate(request.Password, [request.Email ?? string.Empty]));
}
