using System.ComponentModel.DataAnnotations;
using ColdChain.Platform.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Identity;

public static class UsersApi
{
    public sealed record CreateUserRequest([property: Required, EmailAddress] string Email, [property: Required] string DisplayName, [property: Required] string Role, [property: Required] string Password);

    public sealed record UserResponse(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, bool Disabled = false, DateTime? DisabledAt = null);

    public sealed record ReasonRequest(string? Reason);

    public sealed record RoleRequest([property: Required] string Role, string? Reason);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.ManageAccess);
        api.MapGet("/", ListAsync)
            .WithName("ListUsers")
            .WithSummary("Every user with roles and lockout state (Admin).");
        api.MapPost("/", CreateAsync)
            .WithName("CreateUser")
            .WithSummary("Creates a user with one role; the password must pass the password policy (Admin, audited).");
        api.MapPost("/{id}/disable", DisableAsync)
            .WithName("DisableUser")
            .WithSummary("Disables a user: sign-in is refused and every session ends at its next request; the last enabled admin cannot be disabled (Admin, audited).");
        api.MapPost("/{id}/enable", EnableAsync)
            .WithName("EnableUser")
            .WithSummary("Enables a disabled user again (Admin, audited).");
        api.MapPut("/{id}/role", ChangeRoleAsync)
            .WithName("ChangeUserRole")
            .WithSummary("Gives a user exactly one role; takes effect at the user's next request; the last enabled admin cannot be demoted (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<UserResponse>>> ListAsync(UserManager<PlatformUser> users, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = new List<UserResponse>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken))
        {
            list.Add(new UserResponse(user.Id, user.Email ?? string.Empty, user.DisplayName, [.. await users.GetRolesAsync(user)], user.LockoutEnd > now, user.IsDisabled, user.DisabledAt));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, HttpContext context, PlatformUsers users, CancellationToken cancellationToken)
    {
        var (user, errors) = await users.CreateAsync(request.Email, request.DisplayName, request.Role, request.Password, AuditActor.From(context), cancellationToken);
        if (user is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["user"] = [.. errors] }, title: "the user cannot be created");
        }

        return TypedResults.Created($"/api/users/{user.Id}", new UserResponse(user.Id, user.Email ?? request.Email, user.DisplayName, [request.Role], false));
    }

    private static Task<Results<Ok<UserResponse>, NotFound<ProblemDetailsBody>, Conflict<ProblemDetailsBody>, ValidationProblem>> DisableAsync(
        string id, ReasonRequest? request, HttpContext context, UserAdministration admin, UserManager<PlatformUser> users, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(admin.DisableAsync(id, request?.Reason, AuditActor.From(context), cancellationToken), users, time);

    private static Task<Results<Ok<UserResponse>, NotFound<ProblemDetailsBody>, Conflict<ProblemDetailsBody>, ValidationProblem>> EnableAsync(
        string id, ReasonRequest? request, HttpContext context, UserAdministration admin, UserManager<PlatformUser> users, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(admin.EnableAsync(id, request?.Reason, AuditActor.From(context), cancellationToken), users, time);

    private static Task<Results<Ok<UserResponse>, NotFound<ProblemDetailsBody>, Conflict<ProblemDetailsBody>, ValidationProblem>> ChangeRoleAsync(
        string id, RoleRequest request, HttpContext context, UserAdministration admin, UserManager<PlatformUser> users, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(admin.ChangeRoleAsync(id, request.Role, request.Reason, AuditActor.From(context), cancellationToken), users, time);

    private static async Task<Results<Ok<UserResponse>, NotFound<ProblemDetailsBody>, Conflict<ProblemDetailsBody>, ValidationProblem>> Answer(
        Task<(UserAdministration.Outcome Outcome, PlatformUser? User, string? Problem)> change, UserManager<PlatformUser> users, TimeProvider time)
    {
        var (outcome, user, problem) = await change;
        switch (outcome)
        {
            case UserAdministration.Outcome.NotFound:
                return TypedResults.NotFound(new ProblemDetailsBody("unknown user", problem!));
            case UserAdministration.Outcome.LastAdmin:
                return TypedResults.Conflict(new ProblemDetailsBody("the last admin must stay", problem!));
            case UserAdministration.Outcome.Invalid:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [problem!] }, title: "the change is not valid");
            default:
                var u = user!;
                return TypedResults.Ok(new UserResponse(u.Id, u.Email ?? string.Empty, u.DisplayName, [.. await users.GetRolesAsync(u)], u.LockoutEnd > time.GetUtcNow(), u.IsDisabled, u.DisabledAt));
        }
    }
}
