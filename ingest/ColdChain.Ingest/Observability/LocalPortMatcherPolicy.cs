using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace ColdChain.Ingest.Observability;

/// <summary>Endpoint metadata: the endpoint exists only on connections accepted on this local port.</summary>
public sealed record LocalPortMetadata(int Port);

/// <summary>
/// Drops the endpoints marked with <see cref="LocalPortMetadata"/> from a request that came in on another port. By the
/// connection, not the <c>Host</c> header (which <c>RequireHost</c> goes by and any client may set): a caller of the
/// public API port cannot reach <c>/metrics</c> by naming the metrics port in its <c>Host</c>.
/// </summary>
internal sealed class LocalPortMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<LocalPortMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(candidates);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<LocalPortMetadata>() is { } only
                && httpContext.Connection.LocalPort != only.Port)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
