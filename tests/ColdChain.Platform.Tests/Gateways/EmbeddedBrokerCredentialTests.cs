using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using MQTTnet;

namespace ColdChain.Platform.Tests.Gateways;

/// <summary>The embedded MQTTnet broker checks a registered gateway's credential and its site and id on every publish.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class EmbeddedBrokerCredentialTests
{
    private TestPlatform _platform = null!;
    private Caller _admin = null!;
    private int _brokerPort;

    [OneTimeSetUp]
    public async Task StartPlatformWithBroker()
    {
        _brokerPort = FreePort.Next();
        _platform = await TestPlatform.StartAsync(Database.Sqlite, "--Embedded:Broker:Enabled=true", $"--Embedded:Broker:Port={_brokerPort}");
        _admin = await _platform.SignInAsNewAsync(Roles.Admin);
        (await _platform.SendAsync(_admin, HttpMethod.Put, "/api/sites/site-1", new { name = "Site 1", timeZone = "UTC", alarmContacts = Array.Empty<string>(), live = false })).Dispose();
    }

    [OneTimeTearDown]
    public async Task StopPlatform() => await _platform.DisposeAsync();

    [Test]
    public async Task A_gateway_publishes_under_its_own_topics_but_not_under_another_gateways()
    {
        var secret = await RegisterAsync("gw-own");
        var (client, result) = await GatewayMqtt.ConnectAsync(_brokerPort, "gw-own", "gw-own", secret);
        using var connected = client;
        Assert.That(result, Is.EqualTo(MqttClientConnectResultCode.Success));

        var own = await GatewayMqtt.PublishAsync(client!, "coldchain/v1/site-1/gw-own/telemetry");
        var foreign = await GatewayMqtt.PublishAsync(client!, "coldchain/v1/site-1/gw-other/telemetry");
        var otherSite = await GatewayMqtt.PublishAsync(client!, "coldchain/v1/site-2/gw-own/telemetry");

        Assert.Multiple(() =>
        {
            Assert.That(own.ReasonCode, Is.AnyOf(MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers));
            Assert.That(foreign.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(otherSite.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
        });
    }

    [Test]
    public async Task A_registered_gateway_without_its_credential_cannot_connect()
    {
        await RegisterAsync("gw-wrong");

        var (none, noneResult) = await GatewayMqtt.ConnectAsync(_brokerPort, "gw-wrong", null, null);
        var (wrong, wrongResult) = await GatewayMqtt.ConnectAsync(_brokerPort, "gw-wrong", "gw-wrong", "not-the-secret");
        none?.Dispose();
        wrong?.Dispose();

        Assert.That((noneResult, wrongResult), Is.EqualTo((MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.BadUserNameOrPassword)));
    }

    [Test]
    public async Task A_revoked_or_rotated_credential_cannot_connect()
    {
        var first = await RegisterAsync("gw-rotate");
        using var rotate = await _platform.SendAsync(_admin, HttpMethod.Post, "/api/gateways/gw-rotate/credential");
        var second = (await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString();

        var (old, oldResult) = await GatewayMqtt.ConnectAsync(_brokerPort, "gw-rotate", "gw-rotate", first);
        old?.Dispose();
        var (current, currentResult) = await GatewayMqtt.ConnectAsync(_brokerPort, "gw-rotate", "gw-rotate", second);
        current?.Dispose();
        using var revoke = await _platform.SendAsync(_admin, HttpMethod.Delete, "/api/gateways/gw-rotate/credential");
        var (revoked, revokedResult) = await GatewayMqtt.ConnectAsync(_brokerPort, "gw-rotate", "gw-rotate", second);
        revoked?.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(oldResult, Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword), "the rotated-out secret");
            Assert.That(currentResult, Is.EqualTo(MqttClientConnectResultCode.Success), "the new secret");
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(revokedResult, Is.EqualTo(MqttClientConnectResultCode.BadUserNameOrPassword), "after revocation");
        });
    }

    private async Task<string> RegisterAsync(string gateway)
    {
        using var put = await _platform.SendAsync(_admin, HttpMethod.Put, $"/api/gateways/{gateway}", new { name = gateway, site = "site-1" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());
        using var issue = await _platform.SendAsync(_admin, HttpMethod.Post, $"/api/gateways/{gateway}/credential");
        return (await issue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
    }
}
