using System.Device.Gpio;
using System.Device.I2c;
using ColdChain.Edge.Configuration;
using ColdChain.Edge.LocalAlarms;
using ColdChain.Edge.Outbox;
using ColdChain.Edge.Power;
using ColdChain.Edge.RemoteConfig;
using ColdChain.Edge.Sampling;
using ColdChain.Edge.Sampling.DoorContact;
using ColdChain.Edge.Sampling.Ds18b20;
using ColdChain.Edge.Sampling.Sht3x;
using ColdChain.Edge.Sampling.Sht4x;
using ColdChain.Edge.Uplink;
using ColdChain.Protocol;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ColdChain.Edge.Gateway;

/// <summary>
/// A real gateway: the configured drivers, the sampler (calibration, ranges, GSP cadence), the cab alarms, the
/// mains-power sense, remote config and alerts, all around one <see cref="GatewayRunner"/> (durable outbox, MQTT uplink).
/// </summary>
internal sealed partial class HardwareGatewayService(IOptions<GatewayOptions> options, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<HardwareGatewayService>();
    private long _lastSampleTicks;

    /// <summary>When the last sampling round finished; the systemd watchdog is fed only while this moves.</summary>
    public DateTimeOffset? LastSampleAt => Interlocked.Read(ref _lastSampleTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public TimeSpan SampleInterval => GatewayPlans.Tick(options.Value);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var needsGpio = o.Sensors.Any(s => s.Kind == SensorKind.DoorContact) || o.Power.SensePin is not null
            || o.Alarms.BuzzerPin is not null || o.Alarms.LedPin is not null || o.Alarms.AcknowledgePin is not null;
        using var gpio = needsGpio ? new GpioController() : null;
        var doors = new List<DoorContactSensor>();
        var bindings = o.Sensors.Select(s => new SensorBinding(Driver(s, o, gpio, doors), s.Asset!, Produces(s)) { Id = s.Id }).ToArray();
        var sampler = new SensorSampler(bindings, doors, GatewayPlans.Sampling(o), time);
        var indicators = gpio is null ? null : new CabIndicators(gpio, o.Alarms.BuzzerPin, o.Alarms.LedPin, o.Alarms.AcknowledgePin, o.Alarms.AcknowledgeWhenLow, time);
        var alarms = new CabAlarms(new AlarmEvaluator(GatewayPlans.Alarms(o)), indicators, time);
        var power = o.Power.SensePin is { } sense ? new MainsPowerSense(gpio!, sense, o.Power.PresentWhenHigh, o.Power.Settle, time) : null;

        await using var runner = new GatewayRunner(Settings(o), SampleAsync, time, Random.Shared, loggers);
        var keep = o.DataDirectory is { } data ? Path.Combine(data, o.GatewayId!, "remote-config.json") : null;
        var applier = new RemoteConfigApplier(o, sampler, alarms, runner.Status, runner.Report, keep, time, loggers.CreateLogger<RemoteConfigApplier>());
        runner.Uplink.Received = (kind, payload) =>
        {
            OnMessage(kind, payload, applier, alarms);
            return Task.CompletedTask;
        };
        applier.Start();
        LogStarting(_logger, o.GatewayId!, bindings.Length, doors.Count, power is not null);

        await Task.WhenAll(
            [
                runner.RunAsync(stoppingToken),
                alarms.WatchButtonAsync(runner.Report, stoppingToken),
                power?.WatchAsync(stoppingToken) ?? Task.CompletedTask,
                .. doors.Select(d => d.WatchAsync(stoppingToken)),
            ]);

        async ValueTask<SensorSample> SampleAsync(CancellationToken cancellationToken)
        {
            var sample = await sampler.SampleAsync(cancellationToken);
            var events = sample.Events.Concat(power?.TakeEvents() ?? []).Concat(alarms.OnSample(sampler.Latest)).OrderBy(e => e.Time).ToArray();
            Interlocked.Exchange(ref _lastSampleTicks, time.GetUtcNow().UtcTicks);
            return sample with { Events = events };
        }
    }

    private void OnMessage(TopicKind kind, byte[] payload, RemoteConfigApplier applier, CabAlarms alarms)
    {
        if (kind == TopicKind.Config)
        {
            try
            {
                applier.Apply(payload);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Applied in memory but not kept on disk: it runs now and is fetched again (retained) after a restart.
                LogNotKept(_logger, e.Message);
            }

            return;
        }

        try
        {
            alarms.OnAlert(ProtocolCodec.DecodeAlert(payload));
        }
        catch (ProtocolException e)
        {
            LogBadAlert(_logger, e.Message);
        }
    }

    private GatewaySettings Settings(GatewayOptions o)
    {
        var uplink = new UplinkSettings(o.Site!, o.GatewayId!, o.Broker.Host, o.Broker.Port)
        {
            Username = o.Broker.Username,
            Password = o.Broker.Password,
            UseTls = o.Broker.UseTls,
            CaFile = o.Broker.CaFile,
            ClientCertificateFile = o.Broker.ClientCertificateFile,
            ClientKeyFile = o.Broker.ClientKeyFile,
            SessionExpiry = o.Broker.SessionExpiry,
            StatusInterval = o.StatusInterval,
            ReceiveConfigAndAlerts = true,
        };
        return new GatewaySettings(uplink)
        {
            SampleInterval = GatewayPlans.Tick(o),
            PublishInterval = o.PublishInterval,
            DataDirectory = o.DataDirectory,
            Outbox = new OutboxLimits { MaxBytes = o.Outbox.MaxBytes, MaxBatches = o.Outbox.MaxBatches, FullPolicy = o.Outbox.FullPolicy },
            Probe = new HealthProbe(o.DataDirectory),
            Signal = new RadioSignalProbe().Read,
        };
    }

    private static IReadOnlyList<(string, Quantity)> Produces(SensorOptions s) => s.Kind switch
    {
        SensorKind.Ds18b20 => [(s.Id!, Quantity.Temperature)],
        SensorKind.Sht3x or SensorKind.Sht4x => [(s.Id!, Quantity.Temperature), (s.EffectiveHumidityId, Quantity.Humidity)],
        _ => [(s.Id!, Quantity.Door)],
    };

    private IMeasuringSensor Driver(SensorOptions s, GatewayOptions o, GpioController? gpio, List<DoorContactSensor> doors)
    {
        switch (s.Kind)
        {
            case SensorKind.Ds18b20:
                return new Ds18b20Thermometer(s.Id!, s.Rom!, o.OneWireDevices);
            case SensorKind.Sht3x:
                return new Sht3xSensor(I2cDevice.Create(new I2cConnectionSettings(s.Bus, s.Address ?? Sht3xSensor.DefaultAddress)), s.Id!, s.EffectiveHumidityId, time);
            case SensorKind.Sht4x:
                return new Sht4xSensor(I2cDevice.Create(new I2cConnectionSettings(s.Bus, s.Address ?? Sht4xSensor.DefaultAddress)), s.Id!, s.EffectiveHumidityId, time);
            default:
                var door = new DoorContactSensor(gpio!, s.Pin!.Value, s.OpenWhenHigh, s.Id!, s.Asset!, s.Debounce, time);
                doors.Add(door);
                return door;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway {Gateway}: {Sensors} sensors ({Doors} door contacts), mains sense {Power}")]
    private static partial void LogStarting(ILogger logger, string gateway, int sensors, int doors, bool power);

    [LoggerMessage(Level = LogLevel.Error, Message = "The remote config could not be kept on disk: {Reason}")]
    private static partial void LogNotKept(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an undecodable alert: {Reason}")]
    private static partial void LogBadAlert(ILogger logger, string reason);
}
