using System.ComponentModel.DataAnnotations;
using ColdChain.Platform.Embedded;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace ColdChain.Platform.Gateways;

/// <summary>
/// Section <c>Gateways:Publisher</c>: how the platform reaches the production broker (mosquitto) to publish gateway
/// configs, as a service account whose ACL has <c>topic write coldchain/v1/+/+/config</c>. Unused in embedded mode,
/// where the config goes straight into the in-process broker.
/// </summary>
public sealed class GatewayPublisherOptions
{
    public const string Section = "Gateways:Publisher";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool UseTls { get; set; }

    public string ClientId { get; set; } = "coldchain-platform-config";
}

/// <summary>Publishes a gateway's config retained at QoS 1 on <c>coldchain/v1/{site}/{gateway}/config</c>, and says whether the broker took it.</summary>
public sealed partial class GatewayConfigPublisher(IServiceProvider services, IOptions<GatewayPublisherOptions> options, ILogger<GatewayConfigPublisher> logger)
{
    public async Task<string?> PublishAsync(string site, string gateway, byte[] document, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"coldchain/v1/{site}/{gateway}/config")
            .WithPayload(document)
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
        try
        {
            if (services.GetService<EmbeddedBroker>() is { IsRunning: true } embedded)
            {
                await embedded.PublishAsync(message, cancellationToken);
                return null;
            }

            return await PublishToBrokerAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(gateway, e.Message);
            return e.Message;
        }
    }

    /// <returns>Null when the broker acknowledged; otherwise why not.</returns>
    private async Task<string?> PublishToBrokerAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithClientId(settings.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (settings.Username is not null)
        {
            builder.WithCredentials(settings.Username, settings.Password ?? string.Empty);
        }

        if (settings.UseTls)
        {
            builder.WithTlsOptions(o => o.UseTls());
        }

        await client.ConnectAsync(builder.Build(), cancellationToken);
        var result = await client.PublishAsync(message, cancellationToken);
        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
        if ((int)result.ReasonCode >= 0x80)
        {
            LogFailed(message.Topic, $"{result.ReasonCode} {result.ReasonString}");
            return $"the broker refused the config: {result.ReasonCode}";
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing the config of gateway {Gateway} failed: {Reason}")]
    private partial void LogFailed(string gateway, string reason);
}
