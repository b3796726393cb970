using System.Device.Gpio;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling.DoorContact;

/// <summary>
/// A door contact (reed switch) on a GPIO input, polled every <see cref="PollInterval"/> on its own loop so a short
/// opening between two samples is not missed. Each confirmed change becomes a <c>door_opened</c>/<c>door_closed</c>
/// event; each sample also carries the debounced state as a <c>door</c> reading (1 open, 0 closed).
/// </summary>
internal sealed class DoorContactSensor : IMeasuringSensor
{
    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly PinValue _openLevel;
    private readonly TimeProvider _time;
    private readonly LevelDebouncer _debouncer;
    private readonly List<GatewayEvent> _events = [];
    private readonly Lock _gate = new();

    /// <param name="openWhenHigh">A normally-closed reed switch to ground with the internal pull-up reads High when the door opens (the default wiring).</param>
    public DoorContactSensor(GpioController gpio, int pin, bool openWhenHigh, string sensorId, string assetId, TimeSpan settle, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        _gpio = gpio;
        _pin = pin;
        _openLevel = openWhenHigh ? PinValue.High : PinValue.Low;
        _time = time;
        SensorId = sensorId;
        AssetId = assetId;
        if (!_gpio.IsPinOpen(pin))
        {
            _gpio.OpenPin(pin, PinMode.InputPullUp);
        }

        _debouncer = new LevelDebouncer(ReadRaw(), settle);
    }

    public static TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(20);

    public string SensorId { get; }

    public string AssetId { get; }

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _debouncer.IsOpen;
            }
        }
    }

    /// <summary>Polls the pin until cancelled.</summary>
    public Task WatchAsync(CancellationToken cancellationToken) => PinPolling.RunAsync(Poll, PollInterval, _time, cancellationToken);

    /// <summary>One poll of the pin (the watch loop's step; tests call it directly).</summary>
    public void Poll()
    {
        var raw = ReadRaw();
        lock (_gate)
        {
            if (_debouncer.Observe(raw, _time.GetUtcNow()) is { } change)
            {
                _events.Add(new GatewayEvent
                {
                    Type = change.Open ? GatewayEventType.DoorOpened : GatewayEventType.DoorClosed,
                    Time = change.At,
                    Sensor = SensorId,
                    Asset = AssetId,
                });
            }
        }
    }

    public IReadOnlyList<GatewayEvent> TakeEvents()
    {
        lock (_gate)
        {
            var taken = _events.ToArray();
            _events.Clear();
            return taken;
        }
    }

    public Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Measurement>>([Measurement.Ok(SensorId, Quantity.Door, IsOpen ? 1 : 0)]);

    private bool ReadRaw() => _gpio.Read(_pin) == _openLevel;
}
