using System.Collections.Concurrent;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Platform.Tests.Alarms;

/// <summary>A truck's gateway on a real broker: publishes its status and readings at QoS 1 and collects the cab alerts it is sent.</summary>
internal sealed class TruckStandIn : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private long _seq;

    private TruckStandIn(string site, string gateway, string asset)
    {
        Site = site;
        Gateway = gateway;
        Asset = asset;
    }

    public string Site { get; }

    public string Gateway { get; }

    public string Asset { get; }

    public ConcurrentQueue<CabAlert> Alerts { get; } = new();

    public static async Task<TruckStandIn> ConnectAsync(string host, int port, string site, string gateway, string asset)
    {
        var truck = new TruckStandIn(site, gateway, asset);
        truck._client.ApplicationMessageReceivedAsync += e =>
        {
            truck.Alerts.Enqueue(ProtocolCodec.DecodeAlert(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await truck._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(gateway)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build());
        await truck._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(f => f.WithTopic(ColdChainTopics.Alerts(site, gateway)).WithAtLeastOnceQoS()).Build());
        return truck;
    }

    public Task OnlineAsync(DateTimeOffset at) =>
        PublishAsync(ColdChainTopics.Status(Site, Gateway), ProtocolCodec.Encode(new GatewayStatus { Site = Site, Gateway = Gateway, State = GatewayState.Online, Time = at }));

    /// <summary>One batch: a reading per (time, °C).</summary>
    public Task SendAsync(IEnumerable<(DateTimeOffset At, double Celsius)> readings, DateTimeOffset sentAt) =>
        PublishAsync(ColdChainTopics.Telemetry(Site, Gateway), ProtocolCodec.Encode(new TelemetryBatch
        {
            Site = Site,
            Gateway = Gateway,
            Seq = Interlocked.Increment(ref _seq),
            SentAt = sentAt,
            Readings =
            [
                .. readings.Select(r => new Reading
                {
                    Sensor = $"{Asset}-t1",
                    Asset = Asset,
                    Time = r.At,
                    Quantity = Quantity.Temperature,
                    Unit = QuantityExtensions.Celsius,
                    Value = r.Celsius,
                    Status = ReadingStatus.Ok,
                }),
            ],
        }));

    /// <summary>The cab's acknowledge button pressed while <paramref name="alertIds"/> sounded: one <c>alert_acknowledged</c> event per alert, as the gateway sends them.</summary>
    public Task PressAcknowledgeAsync(DateTimeOffset at, params string[] alertIds) =>
        PublishAsync(ColdChainTopics.Events(Site, Gateway), ProtocolCodec.Encode(new EventBatch
        {
            Site = Site,
            Gateway = Gateway,
            Seq = Interlocked.Increment(ref _seq),
            Events = [.. alertIds.Select(id => new GatewayEvent { Type = GatewayEventType.AlertAcknowledged, Time = at, AlertId = id, Detail = $"acknowledged in the cab: alert {id}" })],
        }));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private Task PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
}
