using System.ComponentModel.DataAnnotations;
using ColdChain.Platform.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ColdChain.Platform.Identity;

public static class UsersApi
{
    public sealed record CreateUserRequest([property: Required, EmailAddress] string Email, [property: Required] string DisplayName, [property: Required] string Role, [property: Required] string Password);

    public sealed record UserResponse(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.ManageAccess);
        api.MapGet("/", ListAsync)
            .WithName("ListUsers")
            .WithSummary("Every user with roles and lockout state (Admin).");
        api.MapPost("/", CreateAsync)
            .WithName("CreateUser")
            .WithSummary("Creates a user with one role; the password must pass the password policy (Admin, audited).");
        return app;
    }

    private static async Task<Ok<List<UserResponse>>> ListAsync(UserManager<PlatformUser> users, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = new List<UserResponse>();
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken))
        {
            list.Add(new UserResponse(user.Id, user.Email ?? string.Empty, user.DisplayName, [.. await users.GetRolesAsync(user)], user.LockoutEnd > now));
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
}
