using ColdChain.Protocol.Topics;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace ColdChain.Platform.Embedded;

/// <summary>
/// MQTTnet's real in-process broker. It enforces the one ACL rule DESIGN asks of every broker: a gateway publishes
/// only under its own <c>{gateway}</c> topic level (its MQTT client id is its gateway id).
/// </summary>
public sealed partial class EmbeddedBroker(IOptions<EmbeddedBrokerOptions> options, ILogger<EmbeddedBroker> logger) : IHostedService, IAsyncDisposable
{
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

    private Task EnforceGatewayIdentity(InterceptingPublishEventArgs e)
    {
        if (ColdChainTopics.TryParse(e.ApplicationMessage.Topic, out var address)
            && address.Value.Kind is TopicKind.Telemetry or TopicKind.Events or TopicKind.Status
            && !string.Equals(address.Value.Gateway, e.ClientId, StringComparison.Ordinal))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            LogForeignPublish(e.ClientId, e.ApplicationMessage.Topic);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private partial void LogStarted(string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused publish from client {ClientId} to {Topic}: a gateway may publish only under its own id")]
    private partial void LogForeignPublish(string clientId, string topic);
}
