using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ColdChain.Edge.Uplink;

namespace ColdChain.Edge.Tests.Uplink;

/// <summary>The broker certificate check against a site's private CA (certificates made in-process).</summary>
public sealed class BrokerTlsTests
{
    [Test]
    public void A_broker_certificate_signed_by_the_configured_CA_is_trusted_and_one_from_another_CA_is_not()
    {
        using var siteCa = Ca("ColdChain site CA");
        using var otherCa = Ca("Someone else");
        using var broker = Leaf(siteCa, "mqtt.dc-north.example");
        using var impostor = Leaf(otherCa, "mqtt.dc-north.example");

        Assert.Multiple(() =>
        {
            Assert.That(BrokerTls.IsTrusted(broker, SslPolicyErrors.RemoteCertificateChainErrors, siteCa), Is.True);
            Assert.That(BrokerTls.IsTrusted(impostor, SslPolicyErrors.RemoteCertificateChainErrors, siteCa), Is.False);
            Assert.That(BrokerTls.IsTrusted(broker, SslPolicyErrors.RemoteCertificateNameMismatch, siteCa), Is.False, "a name mismatch is never forgiven");
            Assert.That(BrokerTls.IsTrusted(null, SslPolicyErrors.RemoteCertificateNotAvailable, siteCa), Is.False);
        });
    }

    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return request.CreateSelfSigned(now, now.AddYears(10));
    }

    private static X509Certificate2 Leaf(X509Certificate2 ca, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return request.Create(ca, now, now.AddYears(2), [1, 2, 3, 4]);
    }
}
