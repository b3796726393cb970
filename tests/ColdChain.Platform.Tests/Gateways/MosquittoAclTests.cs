using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Gateways;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using ColdChain.Protocol.Topics;
using MQTTnet;

namespace ColdChain.Platform.Tests.Gateways;

/// <summary>
/// A real mosquitto reading the password file and ACL the platform writes: a gateway's publish under another
/// gateway's topic is dropped by the broker, and a revoked credential cannot connect once mosquitto reloads (SIGHUP).
/// </summary>
[TestFixture]
[CancelAfter(90_000)]
public sealed class MosquittoAclTests
{
    private const string ObserverPassword = "observer-secret-for-tests";
    private const string ServicePassword = "service-secret-for-tests";

    private TempFolder _folder = null!;
    private TestPlatform _platform = null!;
    private ServerProcess _mosquitto = null!;
    private Caller _admin = null!;
    private int _port;

    [OneTimeSetUp]
    public async Task StartPlatformAndMosquitto()
    {
        _folder = new TempFolder("coldchain-mosquitto-acl");
        _platform = await TestPlatform.StartAsync(Database.Sqlite,
            $"--Gateways:MosquittoDirectory={_folder.Path}",
            "--Gateways:ServiceAccounts:0:Username=observer",
            $"--Gateways:ServiceAccounts:0:PasswordHash={MosquittoPasswordHash.Hash(ObserverPassword)}",
            "--Gateways:ServiceAccounts:0:Rules:0=read coldchain/v1/#",

            // As docker-compose.yml gives them to ingest and the platform.
            "--Gateways:ServiceAccounts:1:Username=ingest",
            $"--Gateways:ServiceAccounts:1:PasswordHash={MosquittoPasswordHash.Hash(ServicePassword)}",
            "--Gateways:ServiceAccounts:1:Rules:0=read coldchain/v1/+/+/telemetry",
            "--Gateways:ServiceAccounts:1:Rules:1=read coldchain/v1/+/+/events",
            "--Gateways:ServiceAccounts:1:Rules:2=read coldchain/v1/+/+/status",
            "--Gateways:ServiceAccounts:1:Rules:3=read coldchain/v1/ingest/probe",
            "--Gateways:ServiceAccounts:2:Username=platform",
            $"--Gateways:ServiceAccounts:2:PasswordHash={MosquittoPasswordHash.Hash(ServicePassword)}",
            "--Gateways:ServiceAccounts:2:Rules:0=read coldchain/v1/+/+/telemetry",
            "--Gateways:ServiceAccounts:2:Rules:1=write coldchain/v1/ingest/probe");
        _admin = await _platform.SignInAsNewAsync(Roles.Admin);
        (await _platform.SendAsync(_admin, HttpMethod.Put, "/api/sites/site-1", new { name = "Site 1", timeZone = "UTC", alarmContacts = Array.Empty<string>(), live = false })).Dispose();

        _port = FreePort.Next();
        await File.WriteAllTextAsync(_folder.Combine("mosquitto.conf"), string.Join('\n',
            $"listener {_port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous false",
            $"password_file {_folder.Combine("passwords")}",
            $"acl_file {_folder.Combine("acl")}",
            "user root",
            "log_dest stdout",
            string.Empty));
        await RegisterAsync("gw-a");
        await RegisterAsync("gw-b");
        _mosquitto = ServerProcess.Start("mosquitto", $"-c {_folder.Combine("mosquitto.conf")}", _folder.Path);
        await FreePort.WaitUntilListeningAsync(_port, TimeSpan.FromSeconds(15), () => _mosquitto.HasExited);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _mosquitto.DisposeAsync();
        await _platform.DisposeAsync();
        _folder.Dispose();
    }

    [Test]
    public async Task The_broker_drops_a_publish_under_another_gateways_topic_and_delivers_the_gateways_own()
    {
        var secret = await IssueAsync("gw-a");
        var seen = new ConcurrentQueue<string>();
        var (observer, observerResult) = await GatewayMqtt.ConnectAsync(_port, "observer-1", "observer", ObserverPassword);
        using var observing = observer;
        Assert.That(observerResult, Is.EqualTo(MqttClientConnectResultCode.Success), _mosquitto.Output);
        observer!.ApplicationMessageReceivedAsync += e =>
        {
            seen.Enqueue(e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await observer.SubscribeAsync("coldchain/v1/#", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce);
        await Eventually.TrueAsync(() => File.ReadAllText(_folder.Combine("passwords")).Contains("gw-a:", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "gw-a in the password file");
        await ReloadAsync();

        var (gateway, gatewayResult) = await Eventually.ReturnsAsync(() => GatewayMqtt.ConnectAsync(_port, "gw-a", "gw-a", secret), r => r.Result == MqttClientConnectResultCode.Success, TimeSpan.FromSeconds(10), "gw-a connects with its new credential");
        using var publishing = gateway;
        // The foreign publish goes first: by the time the own one arrives, the foreign one would have too.
        await GatewayMqtt.PublishAsync(gateway!, "coldchain/v1/site-1/gw-b/telemetry");
        await GatewayMqtt.PublishAsync(gateway!, "coldchain/v1/site-1/gw-a/telemetry");
        await Eventually.TrueAsync(() => seen.Contains("coldchain/v1/site-1/gw-a/telemetry"), TimeSpan.FromSeconds(10), "the gateway's own telemetry reaches the observer");

        Assert.That(seen, Does.Not.Contain("coldchain/v1/site-1/gw-b/telemetry"));
    }

    [Test]
    public async Task Ingest_subscribes_the_probe_through_its_share_group_the_platform_may_probe_and_an_account_without_the_rule_is_refused()
    {
        var (ingest, ingestResult) = await GatewayMqtt.ConnectAsync(_port, "ingest-1", "ingest", ServicePassword);
        using var ingesting = ingest;
        var (platform, platformResult) = await GatewayMqtt.ConnectAsync(_port, "platform-alarms", "platform", ServicePassword);
        using var probing = platform;
        var (observer, observerResult) = await GatewayMqtt.ConnectAsync(_port, "observer-2", "observer", ObserverPassword);
        using var observing = observer;
        Assert.That((ingestResult, platformResult, observerResult), Is.EqualTo((MqttClientConnectResultCode.Success, MqttClientConnectResultCode.Success, MqttClientConnectResultCode.Success)), _mosquitto.Output);
        var before = await GatewayMqtt.PublishAsync(platform!, ColdChainTopics.IngestProbe);

        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in new[] { TopicKind.Telemetry, TopicKind.Events, TopicKind.Status }.Select(k => ColdChainTopics.Shared("ingest", k)).Append(ColdChainTopics.SharedIngestProbe("ingest")))
        {
            subscribe.WithTopicFilter(f => f.WithTopic(filter).WithAtLeastOnceQoS());
        }

        var granted = await ingest!.SubscribeAsync(subscribe.Build());
        var after = await GatewayMqtt.PublishAsync(platform!, ColdChainTopics.IngestProbe);
        var unauthorised = await GatewayMqtt.PublishAsync(observer!, ColdChainTopics.IngestProbe);

        Assert.Multiple(() =>
        {
            Assert.That(granted.Items.Select(i => i.ResultCode), Has.All.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1));
            Assert.That(before.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NoMatchingSubscribers), "no ingest yet");
            Assert.That(after.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.Success), "ingest's probe subscription answers");
            Assert.That(unauthorised.ReasonCode, Is.Not.EqualTo(MqttClientPublishReasonCode.Success), "a refused probe is never taken for ingest's answer");
        });
    }

    [Test]
    public async Task A_revoked_credential_cannot_connect_after_the_broker_reloads()
    {
        var secret = await IssueAsync("gw-b");
        await ReloadAsync();
        var (before, beforeResult) = await Eventually.ReturnsAsync(() => GatewayMqtt.ConnectAsync(_port, "gw-b", "gw-b", secret), r => r.Result == MqttClientConnectResultCode.Success, TimeSpan.FromSeconds(10), "gw-b connects before revocation");
        before?.Dispose();

        (await _platform.SendAsync(_admin, HttpMethod.Delete, "/api/gateways/gw-b/credential")).Dispose();
        await ReloadAsync();
        var (after, afterResult) = await Eventually.ReturnsAsync(() => GatewayMqtt.ConnectAsync(_port, "gw-b", "gw-b", secret), r => r.Result != MqttClientConnectResultCode.Success, TimeSpan.FromSeconds(10), "gw-b refused after revocation");
        after?.Dispose();

        Assert.That(beforeResult, Is.EqualTo(MqttClientConnectResultCode.Success));
        Assert.That(afterResult, Is.AnyOf(MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized));
    }

    private async Task ReloadAsync()
    {
        using var hup = System.Diagnostics.Process.Start("kill", ["-HUP", _mosquitto.Id.ToString(CultureInfo.InvariantCulture)]);
        await hup.WaitForExitAsync();
    }

    private async Task RegisterAsync(string gateway) =>
        (await _platform.SendAsync(_admin, HttpMethod.Put, $"/api/gateways/{gateway}", new { name = gateway, site = "site-1" })).Dispose();

    private async Task<string> IssueAsync(string gateway)
    {
        using var issue = await _platform.SendAsync(_admin, HttpMethod.Post, $"/api/gateways/{gateway}/credential");
        return (await issue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
    }
}
