using System.ComponentModel.DataAnnotations;

namespace ColdChain.Ingest.Observability;

/// <summary>
/// Section <c>Metrics</c>: where <c>/metrics</c> (Prometheus text format, every <c>ColdChain.*</c> meter) is served.
/// A separate listener, not the API's: bind it to loopback or to the private network Prometheus scrapes from, never
/// to the internet (the counters name sites and gateways). The platform serves nothing there when <see cref="Url"/>
/// is empty; the standalone ingest worker always listens, on 127.0.0.1:9465 unless told otherwise.
/// </summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Metrics";

    /// <summary>The ingest worker's default listener.</summary>
    public const string DefaultIngestUrl = "http://127.0.0.1:9465";

    /// <summary>An <c>http://host:port</c> URL (e.g. <c>http://127.0.0.1:9464</c>; only a container's compose file widens it).</summary>
    public string? Url { get; set; }

    /// <summary>The port of <see cref="Url"/>, or null when metrics are off.</summary>
    public int? Port => TryParse(Url, out var port) ? port : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Url) && !TryParse(Url, out _))
        {
            yield return new ValidationResult($"Metrics:Url '{Url}' is not an http://host:port URL", [nameof(Url)]);
        }
    }

    private static bool TryParse(string? url, out int port)
    {
        port = 0;
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        // Kestrel's wildcard hosts (+, *) are not valid URI hosts: parse with a stand-in.
        var normalized = url.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort && !normalized.Contains(":80", StringComparison.Ordinal))
        {
            return false;
        }

        port = uri.Port;
        return port > 0;
    }
}
