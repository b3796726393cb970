using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Platform.Tests.Gateways;

/// <summary>Small MQTT 5 helpers: connect as a gateway, publish at QoS 1, and watch what a broker lets through.</summary>
internal static class GatewayMqtt
{
    public static async Task<(IMqttClient? Client, MqttClientConnectResultCode Result)> ConnectAsync(int port, string clientId, string? username, string? password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (username is not null)
        {
            options.WithCredentials(username, password ?? string.Empty);
        }

        try
        {
            var result = await client.ConnectAsync(options.Build());
            return (client, result.ResultCode);
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException e)
        {
            client.Dispose();
            // MQTTnet 5 names the broker's reason code only in the message of the exception it throws.
            var named = Enum.GetValues<MqttClientConnectResultCode>().Where(c => c != MqttClientConnectResultCode.Success && e.Message.Contains(c.ToString(), StringComparison.Ordinal)).ToList();
            return (null, named.Count > 0 ? named[0] : MqttClientConnectResultCode.UnspecifiedError);
        }
    }

    public static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload("{}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
}
