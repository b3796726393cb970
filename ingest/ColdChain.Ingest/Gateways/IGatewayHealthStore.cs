namespace ColdChain.Ingest.Gateways;

/// <summary>
/// Gateway status and power changes, beside the readings (InfluxDB measurements <c>gateway_status</c> and
/// <c>gateway_power</c>, or SQLite embedded): what the gateway-health dashboard and the platform read.
/// </summary>
public interface IGatewayHealthStore
{
    Task WriteAsync(IReadOnlyCollection<GatewayObservation> observations, CancellationToken cancellationToken);

    /// <summary>Observations in [from, to) of one gateway or of all, oldest first.</summary>
    Task<IReadOnlyList<GatewayObservation>> QueryAsync(DateTimeOffset from, DateTimeOffset to, string? gateway, CancellationToken cancellationToken);
}
