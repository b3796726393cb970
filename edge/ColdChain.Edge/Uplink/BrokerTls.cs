using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace ColdChain.Edge.Uplink;

/// <summary>
/// TLS to the broker: the broker's certificate is checked against the configured CA (a site's private CA, typical for
/// MQTT) or the system trust store, with the host name; a client certificate (PEM certificate + key) is presented
/// where the broker authenticates gateways by certificate.
/// </summary>
internal static class BrokerTls
{
    public static MqttClientTlsOptions Options(UplinkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new MqttClientTlsOptionsBuilder().UseTls().WithTargetHost(settings.Host);
        if (settings.CaFile is { } caFile)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            builder.WithCertificateValidationHandler(e => IsTrusted(e.Certificate, e.SslPolicyErrors, ca));
        }

        if (settings.ClientCertificateFile is { } certificate)
        {
            var client = X509Certificate2.CreateFromPemFile(certificate, settings.ClientKeyFile);
            builder.WithClientCertificates([client]);
        }

        return builder.Build();
    }

    /// <summary>Trusts a chain ending at <paramref name="ca"/> only; a name mismatch is never forgiven.</summary>
    public static bool IsTrusted(X509Certificate? presented, SslPolicyErrors errors, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }
}
