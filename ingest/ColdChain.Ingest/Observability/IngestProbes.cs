using ColdChain.Ingest.Consuming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Ingest.Observability;

/// <summary>
/// The standalone worker's health probes, on the metrics listener: <c>/health/live</c> (the process answers) and
/// <c>/health/ready</c> (subscribed to the broker and the store takes writes; 503 otherwise).
/// </summary>
public static class IngestProbes
{
    public static IEndpointRouteBuilder MapIngestProbes(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/health/live", () => Results.Text("Healthy"));
        endpoints.MapGet("/health/ready", (IngestReadiness readiness) =>
        {
            var body = new { subscribed = readiness.IsSubscribed, storeAvailable = readiness.IsStoreAvailable };
            return readiness.IsSubscribed && readiness.IsStoreAvailable ? Results.Json(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
