using System.Security.Claims;
using System.Text.Encodings.Web;
using ColdChain.Platform.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Identity;

/// <summary>Machines present <c>X-Api-Key</c>; the principal carries the key's scopes as <c>scope</c> claims.</summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values) || values.ToString() is not { Length: > 0 } presented)
        {
            return AuthenticateResult.NoResult();
        }

        var keys = Context.RequestServices.GetRequiredService<ApiKeys>();
        var client = await keys.FindUsableAsync(presented, Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("unknown, expired or revoked API key");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, $"api:{client.Id}"),
            new(ClaimTypes.Name, client.Name),
            new(AuditActor.KindClaim, AuditActor.ApiClientKind),
        };
        claims.AddRange(client.ScopeList.Select(s => new Claim(Scopes.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
