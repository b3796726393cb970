using System.Security.Claims;

namespace ColdChain.Platform.Audit;

/// <summary>Who did it and from where: a user, an API client or the system itself.</summary>
public sealed record AuditActor(string Kind, string Name, string? SourceAddress)
{
    public const string UserKind = "user";
    public const string ApiClientKind = "api-client";
    public const string SystemKind = "system";

    public const string KindClaim = "coldchain:actor-kind";

    public static AuditActor System { get; } = new(SystemKind, "platform", null);

    public static AuditActor From(HttpContext context)
    {
        var user = context.User;
        var source = context.Connection.RemoteIpAddress?.ToString();
        if (user.Identity?.IsAuthenticated != true)
        {
            return new AuditActor(UserKind, "anonymous", source);
        }

        var kind = user.FindFirstValue(KindClaim) ?? UserKind;
        return new AuditActor(kind, user.Identity.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", source);
    }
}
