using System.Text;
using ColdChain.Edge.Configuration;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.Edge.Tests.Gateway;

/// <summary>The real-sensor gateway, in-process, on a recorded 1-Wire bus, against a real mosquitto.</summary>
public sealed class HardwareGatewayTests
{
    private const string Rom = "28-0316a2794aff";

    [Test]
    [CancelAfter(60_000)]
    public async Task A_DS18B20_gateway_publishes_calibrated_readings_reports_a_fault_as_such_and_applies_a_retained_remote_config()
    {
        using var folder = new TempFolder("coldchain-hw");
        var bus = folder.Combine("w1");
        Directory.CreateDirectory(Path.Combine(bus, Rom));
        await File.WriteAllTextAsync(Path.Combine(bus, Rom, "w1_slave"), "72 01 4b 46 7f ff 0e 10 57 : crc=57 YES\n72 01 4b 46 7f ff 0e 10 57 t=23125\n");
        await using var broker = await MosquittoServer.StartAsync();
        await using var recorder = await MqttRecorder.StartAsync(broker.Host, broker.Port);
        var config = folder.Combine("gateway.json");
        await File.WriteAllTextAsync(config, Config(broker.Port, folder.Combine("data"), bus, version: 1));

        using var host = Host(config);
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(() => Readings(recorder).Any(), TestTime.Io, "a reading");
            await File.WriteAllTextAsync(Path.Combine(bus, Rom, "w1_slave"), "50 05 4b 46 7f ff 0c 10 1c : crc=1c YES\n50 05 4b 46 7f ff 0c 10 1c t=85000\n");
            await Eventually.TrueAsync(() => Readings(recorder).Any(r => r.Status == ReadingStatus.SensorFault), TestTime.Io, "the fault");
            await PublishRetainedAsync(broker, Encoding.UTF8.GetBytes(Config(broker.Port, folder.Combine("data"), bus, version: 2)));
            await Eventually.TrueAsync(() => recorder.Statuses("gw-hw").Any(s => s.Health?.ConfigVersion == 2), TestTime.Io, "the status with config version 2");
            await Eventually.TrueAsync(
                () => recorder.Events("gw-hw").SelectMany(b => b.Events).Any(e => e.Type == GatewayEventType.ConfigApplied), TestTime.Io, "the config_applied event");
        }
        finally
        {
            await host.StopAsync();
        }

        var readings = Readings(recorder);
        var events = recorder.Events("gw-hw").SelectMany(b => b.Events).ToArray();
        var firstStatus = recorder.Statuses("gw-hw").First(s => s.Health is not null);
        Assert.Multiple(() =>
        {
            Assert.That(readings[0].Value, Is.EqualTo(23.025), "23.125 °C with the certificate's −0.1 °C offset");
            Assert.That(readings.Where(r => r.Status == ReadingStatus.SensorFault).Select(r => r.Value), Is.All.Null);
            Assert.That(events.Where(e => e.Type == GatewayEventType.SensorFault).Select(e => e.Detail), Has.One.Contains("85.000 °C"));
            Assert.That(events.Select(e => e.Type), Has.Member(GatewayEventType.ConfigApplied));
            Assert.That(firstStatus.Health!.ConfigVersion, Is.EqualTo(1));
            Assert.That(events.Where(e => e.Type == GatewayEventType.ConfigApplied).Select(e => e.Detail),
                Has.Some.EqualTo("version 1 (local file); calibrations: room-t1 offset CAL-7 2026-01-13"));
            Assert.That(firstStatus.Health.DiskFreeBytes, Is.GreaterThan(0));
        });
    }

    private static IHost Host(string config)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddJsonFile(config);
        builder.Services.AddHardwareGateway();
        return builder.Build();
    }

    private static IReadOnlyList<Reading> Readings(MqttRecorder recorder) => recorder.Telemetry("gw-hw").SelectMany(b => b.Readings).ToArray();

    private static async Task PublishRetainedAsync(MosquittoServer broker, byte[] payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId("platform-config").Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("coldchain/v1/site-hw/gw-hw/config").WithPayload(payload).WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
    }

    private static string Config(int port, string data, string bus, long version) => $$"""
        {
          "Gateway": {
            "Version": {{version}},
            "Site": "site-hw",
            "GatewayId": "gw-hw",
            "Broker": { "Host": "127.0.0.1", "Port": {{port}} },
            "DataDirectory": "{{data}}",
            "OneWireDevices": "{{bus}}",
            "SampleInterval": "00:00:01",
            "PublishInterval": "00:00:01",
            "StatusInterval": "00:00:01",
            "Assets": [ { "Id": "room", "MinCelsius": 2, "MaxCelsius": 30 } ],
            "Sensors": [
              { "Id": "room-t1", "Kind": "Ds18b20", "Asset": "room", "Rom": "{{Rom}}",
                "Calibration": { "Offset": -0.1, "CertificateId": "CAL-7", "CalibratedOn": "2026-01-13" } }
            ]
          }
        }
        """;
}
