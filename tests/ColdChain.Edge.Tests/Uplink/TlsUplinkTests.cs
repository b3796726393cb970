using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ColdChain.Edge.Outbox;
using ColdChain.Edge.Tests.Support;
using ColdChain.Edge.Uplink;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ColdChain.Edge.Tests.Uplink;

/// <summary>The uplink over TLS to a real mosquitto that requires a client certificate, all certificates made in-process.</summary>
public sealed class TlsUplinkTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Over_TLS_with_the_site_CA_and_a_client_certificate_the_gateway_publishes_and_without_the_certificate_it_cannot_connect()
    {
        using var folder = new TempFolder("coldchain-tls");
        using var ca = Certificates.Ca();
        Certificates.Write(ca, null, folder.Combine("ca.pem"), null);
        using (var server = Certificates.Leaf(ca, "server", server: true, out var serverKey))
        {
            Certificates.Write(server, serverKey, folder.Combine("server.pem"), folder.Combine("server.key"));
        }

        using (var client = Certificates.Leaf(ca, "gw-tls", server: false, out var clientKey))
        {
            Certificates.Write(client, clientKey, folder.Combine("client.pem"), folder.Combine("client.key"));
        }

        var port = FreePort.Next();
        await File.WriteAllTextAsync(folder.Combine("mosquitto.conf"), string.Join('\n',
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            $"cafile {folder.Combine("ca.pem")}",
            $"certfile {folder.Combine("server.pem")}",
            $"keyfile {folder.Combine("server.key")}",
            "require_certificate true",
            "allow_anonymous true",
            "user root",
            string.Empty));
        await using var broker = ServerProcess.Start("mosquitto", $"-c {folder.Combine("mosquitto.conf")}", folder.Path);
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(15), () => broker.HasExited);

        var received = new List<TelemetryBatch>();
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            lock (received)
            {
                received.Add(ProtocolCodec.DecodeTelemetry(e.ApplicationMessage.Payload.ToArray()));
            }

            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTlsOptions(new MqttClientTlsOptionsBuilder().UseTls().WithTargetHost("127.0.0.1")
                .WithCertificateValidationHandler(_ => true)
                .WithClientCertificates([X509Certificate2.CreateFromPemFile(folder.Combine("client.pem"), folder.Combine("client.key"))]).Build())
            .Build());
        await subscriber.SubscribeAsync("coldchain/v1/site-tls/gw-tls/telemetry", MqttQualityOfServiceLevel.AtLeastOnce);

        var withCertificate = new UplinkSettings("site-tls", "gw-tls", "127.0.0.1", port)
        {
            UseTls = true,
            CaFile = folder.Combine("ca.pem"),
            ClientCertificateFile = folder.Combine("client.pem"),
            ClientKeyFile = folder.Combine("client.key"),
            SessionExpiry = TimeSpan.FromHours(1),
        };
        var published = await PublishOneAsync(withCertificate);
        await Eventually.TrueAsync(() => { lock (received) { return received.Count == 1; } }, TestTime.Io, "the batch over TLS");
        var withoutCertificate = await PublishOneAsync(withCertificate with { ClientCertificateFile = null, ClientKeyFile = null }, TimeSpan.FromSeconds(3));

        Assert.Multiple(() =>
        {
            Assert.That(published, Is.EqualTo(1));
            Assert.That(received.Single().Readings.Single().Value, Is.EqualTo(3.5));
            Assert.That(withoutCertificate, Is.Zero, "the broker requires a client certificate");
        });
    }

    private static async Task<long> PublishOneAsync(UplinkSettings settings, TimeSpan? giveUpAfter = null)
    {
        using var outbox = DurableOutbox.Open(null, OutboxLimits.Default, TimeProvider.System, NullLogger.Instance);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        var reading = new Reading { Sensor = "t1", Asset = "room", Time = now, Quantity = Quantity.Temperature, Unit = "°C", Value = 3.5, Status = ReadingStatus.Ok };
        outbox.Append(TopicKind.Telemetry, now, seq => ProtocolCodec.Encode(new TelemetryBatch { Site = settings.Site, Gateway = settings.GatewayId, Seq = seq, SentAt = now, Readings = [reading] }));
        await using var uplink = new MqttUplink(settings, outbox, new GatewayStatusReport(settings, outbox, TimeProvider.System, true), TimeProvider.System, new Random(1), NullLogger.Instance);
        using var stop = new CancellationTokenSource(giveUpAfter ?? TestTime.Io);
        var running = uplink.RunAsync(stop.Token);
        while (outbox.Count > 0 && !stop.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        await stop.CancelAsync();
        await running;
        await uplink.StopAsync();
        return uplink.Published;
    }

    private static class Certificates
    {
        private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public static X509Certificate2 Ca()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=ColdChain test site CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return request.CreateSelfSigned(From, From.AddYears(10));
        }

        public static X509Certificate2 Leaf(X509Certificate2 ca, string name, bool server, out ECDsa key)
        {
            key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
            return request.Create(ca, From, From.AddYears(2), [.. Guid.NewGuid().ToByteArray().Take(8)]);
        }

        public static void Write(X509Certificate2 certificate, ECDsa? key, string certificatePath, string? keyPath)
        {
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            if (key is not null && keyPath is not null)
            {
                File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
                key.Dispose();
            }
        }
    }
}
