using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Gateways;

/// <summary>The embedded broker's credential check: the same rule the generated mosquitto files express.</summary>
public sealed class GatewayAuthenticator(IServiceScopeFactory scopes, IOptions<GatewayBrokerOptions> options)
{
    public enum Outcome
    {
        Accepted,
        Refused,
    }

    /// <summary>Accepted with the gateway's site (null for an unregistered client let in by configuration), or refused.</summary>
    public async Task<(Outcome Outcome, string? Site)> CheckAsync(string clientId, string? username, string? password, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var gateway = await db.Set<Gateway>().AsNoTracking().SingleOrDefaultAsync(g => g.Id == clientId, cancellationToken);
        if (gateway is null)
        {
            return (string.IsNullOrEmpty(username) && options.Value.EmbeddedAllowsUnregisteredClients ? Outcome.Accepted : Outcome.Refused, null);
        }

        var valid = gateway.CanConnect
            && string.Equals(username, gateway.Id, StringComparison.Ordinal)
            && password is not null
            && MosquittoPasswordHash.Verify(password, gateway.CredentialHash!);
        return (valid ? Outcome.Accepted : Outcome.Refused, gateway.Site);
    }
}
