using System.Collections.Concurrent;
using ColdChain.Platform.Gateways;
using ColdChain.Protocol.Topics;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace ColdChain.Platform.Embedded;

/// <summary>
/// MQTTnet's real in-process broker. It applies the rules the generated mosquitto files express: a registered gateway
/// connects only with its current credential (user name = client id = gateway id), and a gateway publishes only under
/// its own <c>{gateway}</c> topic level — and, when registered, its own <c>{site}</c>.
/// </summary>
public sealed partial class EmbeddedBroker(IOptions<EmbeddedBrokerOptions> options, GatewayAuthenticator authenticator, ILogger<EmbeddedBroker> logger) : IHostedService, IAsyncDisposable
{
    public const string PlatformClientId = "coldchain-platform";

    private readonly ConcurrentDictionary<string, string> _siteOfClient = new(StringComparer.Ordinal);
    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    public int Port => options.Value.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var factory = new MqttServerFactory();
        var serverOptions = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(settings.ParsedBindAddress)
            .WithDefaultEndpointPort(settings.Port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(100_000)
            .Build();
        _server = factory.CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += CheckCredentialsAsync;
        _server.InterceptingPublishAsync += EnforceGatewayIdentity;
        try
        {
            await _server.StartAsync();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new InvalidOperationException(
                $"the embedded MQTT broker could not listen on {settings.BindAddress}:{settings.Port} ({e.Message}); set Embedded:Broker:Port to a free port or stop the other broker",
                e);
        }

        LogStarted(settings.BindAddress, settings.Port);
    }

    /// <summary>Publishes from the platform itself (the retained gateway config), through the broker's own dispatch: subscribers and the retained store get it as from any client.</summary>
    public async Task PublishAsync(MQTTnet.MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var server = _server is { IsStarted: true } running ? running : throw new InvalidOperationException("the embedded MQTT broker is not running");
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = PlatformClientId }, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await StopAsync(CancellationToken.None);
            _server.Dispose();
        }
    }

    private async Task CheckCredentialsAsync(ValidatingConnectionEventArgs e)
    {
        var (outcome, site) = await authenticator.CheckAsync(e.ClientId, e.UserName, e.Password, CancellationToken.None);
        if (outcome == GatewayAuthenticator.Outcome.Refused)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LogRefusedConnection(e.ClientId);
            return;
        }

        if (site is null)
        {
            _siteOfClient.TryRemove(e.ClientId, out _);
        }
        else
        {
            _siteOfClient[e.ClientId] = site;
        }
    }

    private Task EnforceGatewayIdentity(InterceptingPublishEventArgs e)
    {
        if (ColdChainTopics.TryParse(e.ApplicationMessage.Topic, out var address)
            && address.Value.Kind is TopicKind.Telemetry or TopicKind.Events or TopicKind.Status
            && (!string.Equals(address.Value.Gateway, e.ClientId, StringComparison.Ordinal)
                || (_siteOfClient.TryGetValue(e.ClientId, out var site) && !string.Equals(address.Value.Site, site, StringComparison.Ordinal))))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            LogForeignPublish(e.ClientId, e.ApplicationMessage.Topic);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private partial void LogStarted(string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused connection of client {ClientId}: a registered gateway needs its current credential")]
    private partial void LogRefusedConnection(string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused publish from client {ClientId} to {Topic}: a gateway may publish only under its own site and id")]
    private partial void LogForeignPublish(string clientId, string topic);
}
