using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ColdChain.Platform.Gateways;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Platform.Tests.Gateways;

public enum Broker
{
    Embedded,
    Mosquitto,
}

/// <summary>
/// A calibration certificate entered on the platform reaches the gateway: the next version of the gateway's config,
/// with the certificate's correction on the sensor, arrives retained on its config topic — through the in-process
/// broker in embedded mode and through a real mosquitto (platform as a service account, gateway by its own ACL).
/// </summary>
[TestFixture(Broker.Embedded)]
[TestFixture(Broker.Mosquitto)]
[CancelAfter(90_000)]
public sealed class GatewayConfigPublishTests(Broker broker)
{
    private const string PublisherPassword = "platform-publisher-secret-for-tests";
    private const string Topic = "coldchain/v1/site-1/gw-room/config";

    private TempFolder _folder = null!;
    private TestPlatform _platform = null!;
    private ServerProcess? _mosquitto;
    private Caller _admin = null!;
    private string _secret = null!;
    private int _port;

    [OneTimeSetUp]
    public async Task Start()
    {
        _folder = new TempFolder("coldchain-config-publish");
        _port = FreePort.Next();
        string[] args = broker == Broker.Embedded
            ? ["--Embedded:Broker:Enabled=true", $"--Embedded:Broker:Port={_port.ToString(CultureInfo.InvariantCulture)}"]
            :
            [
                $"--Gateways:MosquittoDirectory={_folder.Path}",
                "--Gateways:ServiceAccounts:0:Username=platform",
                $"--Gateways:ServiceAccounts:0:PasswordHash={MosquittoPasswordHash.Hash(PublisherPassword)}",
                "--Gateways:ServiceAccounts:0:Rules:0=write coldchain/v1/+/+/config",
                "--Gateways:Publisher:Host=127.0.0.1",
                $"--Gateways:Publisher:Port={_port.ToString(CultureInfo.InvariantCulture)}",
                "--Gateways:Publisher:Username=platform",
                $"--Gateways:Publisher:Password={PublisherPassword}",
            ];
        _platform = await TestPlatform.StartAsync(Database.Sqlite, [.. args,
            "--Registry:Assets:0:Id=room-1", "--Registry:Assets:0:Name=Room 1", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=site-1"]);
        _admin = await _platform.SignInAsNewAsync(Roles.Admin);
        (await _platform.SendAsync(_admin, HttpMethod.Put, "/api/gateways/gw-room", new { name = "Room gateway", site = "site-1" })).Dispose();
        (await _platform.SendAsync(_admin, HttpMethod.Put, "/api/sensors/room-1-t1", new { asset = "room-1", kind = "temperature", serial = "28-0316a2794aff" })).Dispose();
        (await _platform.SendAsync(_admin, HttpMethod.Put, "/api/sensors/room-1-h1", new { asset = "room-1", kind = "humidity", serial = "SHT31-77" })).Dispose();
        if (broker == Broker.Mosquitto)
        {
            await File.WriteAllTextAsync(_folder.Combine("mosquitto.conf"), string.Join('\n',
                $"listener {_port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
                "allow_anonymous false",
                $"password_file {_folder.Combine("passwords")}",
                $"acl_file {_folder.Combine("acl")}",
                "user root",
                "log_dest stdout",
                string.Empty));
        }

        _secret = await IssueCredentialAsync();
        if (broker == Broker.Mosquitto)
        {
            await Eventually.TrueAsync(() => File.Exists(_folder.Combine("passwords")) && File.ReadAllText(_folder.Combine("passwords")).Contains("gw-room:", StringComparison.Ordinal),
                TimeSpan.FromSeconds(5), "gw-room in the password file");
            _mosquitto = ServerProcess.Start("mosquitto", $"-c {_folder.Combine("mosquitto.conf")}", _folder.Path);
            await FreePort.WaitUntilListeningAsync(_port, TimeSpan.FromSeconds(15), () => _mosquitto.HasExited);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        await _platform.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task A_certificates_correction_arrives_on_the_gateways_config_topic_as_the_next_version()
    {
        var secret = _secret;
        using var put = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/gateways/gw-room/config", JsonNode.Parse(Config)!);
        var putBody = await put.Content.ReadAsStringAsync();
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), putBody + (_mosquitto?.Output ?? string.Empty));
        Assert.That(putBody, Does.Not.Contain("broker-password-never-stored"), "broker settings are dropped");

        var received = new ConcurrentQueue<JsonNode>();
        var (gateway, result) = await Eventually.ReturnsAsync(() => GatewayMqtt.ConnectAsync(_port, "gw-room", "gw-room", secret), r => r.Result == MqttClientConnectResultCode.Success, TimeSpan.FromSeconds(10), "the gateway connects");
        using var connected = gateway;
        Assert.That(result, Is.EqualTo(MqttClientConnectResultCode.Success));
        gateway!.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(JsonNode.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload))!);
            return Task.CompletedTask;
        };
        await gateway.SubscribeAsync(Topic, MqttQualityOfServiceLevel.AtLeastOnce);
        await Eventually.TrueAsync(() => received.Any(c => Version(c) == 3), TimeSpan.FromSeconds(10), "the retained version 3 arrives on subscribing");

        using var certificate = await _platform.SendAsync(_admin, HttpMethod.Post, "/api/sensors/room-1-t1/certificates",
            new { number = "CAL-2026-1125-01", calibratedOn = "2026-11-24T00:00:00Z", dueOn = "2027-11-24T00:00:00Z", reference = "Lab A", correction = -0.3 });
        var response = await certificate.Content.ReadFromJsonAsync<JsonElement>();
        await Eventually.TrueAsync(() => received.Any(c => Version(c) == 4), TimeSpan.FromSeconds(10), "version 4 arrives after the certificate");
        using var humidity = await _platform.SendAsync(_admin, HttpMethod.Post, "/api/sensors/room-1-h1/certificates",
            new { number = "CAL-2026-1125-02", calibratedOn = "2026-11-24T00:00:00Z", dueOn = "2027-11-24T00:00:00Z", reference = "Lab A", correction = 1.5 });
        await Eventually.TrueAsync(() => received.Any(c => Version(c) == 5), TimeSpan.FromSeconds(10), "version 5 arrives after the humidity certificate");

        var v4 = received.Single(c => Version(c) == 4);
        var v5 = received.Single(c => Version(c) == 5);
        Assert.Multiple(() =>
        {
            Assert.That(certificate.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(response.GetProperty("configDeliveries")[0].GetProperty("gateway").GetString(), Is.EqualTo("gw-room"));
            Assert.That(response.GetProperty("configDeliveries")[0].GetProperty("published").GetBoolean(), Is.True);
            Assert.That(v4["Gateway"]!["Sensors"]![0]!["Calibration"]!.ToJsonString(), Is.EqualTo("""{"Offset":-0.3,"CertificateId":"CAL-2026-1125-01","CalibratedOn":"2026-11-24"}"""));
            Assert.That(v5["Gateway"]!["Sensors"]![1]!["HumidityCalibration"]!["CertificateId"]!.GetValue<string>(), Is.EqualTo("CAL-2026-1125-02"));
            Assert.That(v5["Gateway"]!["Sensors"]![0]!["Calibration"]!["CertificateId"]!.GetValue<string>(), Is.EqualTo("CAL-2026-1125-01"), "the earlier correction stays");
        });
    }

    [Test]
    public async Task A_config_for_another_gateway_or_an_older_version_is_refused_with_the_reason()
    {
        var other = JsonNode.Parse(Config)!;
        other["Gateway"]!["GatewayId"] = "gw-other";
        other["Gateway"]!["Version"] = 100;
        var invalid = JsonNode.Parse(Config)!;
        invalid["Gateway"]!["Version"] = 100;
        invalid["Gateway"]!["Sensors"]![0]!["Rom"] = "not-a-rom";

        using var foreign = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/gateways/gw-room/config", other);
        using var broken = await _platform.SendAsync(_admin, HttpMethod.Put, "/api/gateways/gw-room/config", invalid);

        var foreignBody = await foreign.Content.ReadAsStringAsync();
        var brokenBody = await broken.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(foreignBody, Does.Contain("this gateway is site-1/gw-room"));
            Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(brokenBody, Does.Contain("Rom"));
        });
    }

    private static long? Version(JsonNode config) => config["Gateway"]?["Version"]?.GetValue<long>();

    private async Task<string> IssueCredentialAsync()
    {
        using var issue = await _platform.SendAsync(_admin, HttpMethod.Post, "/api/gateways/gw-room/credential");
        return (await issue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
    }

    /// <summary>A cold-room gateway config as the edge reads it (firmware-config/examples/cold-room.json, trimmed), version 3.</summary>
    private const string Config = """
        {
          "Gateway": {
            "Version": 3,
            "Site": "site-1",
            "GatewayId": "gw-room",
            "Broker": { "Host": "mqtt.example", "Port": 8883, "Username": "gw-room", "Password": "broker-password-never-stored" },
            "SampleInterval": "00:00:30",
            "Gsp": { "Enabled": true, "OutOfRangeRecordInterval": "00:01:00" },
            "Assets": [ { "Id": "room-1", "MinCelsius": 2, "MaxCelsius": 8, "RecordInterval": "00:30:00", "AlarmDelay": "00:10:00" } ],
            "Sensors": [
              { "Id": "room-1-t1", "Kind": "Ds18b20", "Asset": "room-1", "Rom": "28-0316a2794aff" },
              { "Id": "room-1-t2", "Kind": "Sht3x", "Asset": "room-1", "Address": 68, "HumidityId": "room-1-h1" }
            ]
          }
        }
        """;
}
