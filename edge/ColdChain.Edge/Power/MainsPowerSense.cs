using System.Device.Gpio;
using ColdChain.Edge.Sampling;
using ColdChain.Protocol.Events;

namespace ColdChain.Edge.Power;

/// <summary>
/// The mains-power sense input: a GPIO wired to the UPS/battery board's "mains present" output. GSP asks for an alarm on
/// mains failure; this turns the input into <c>power_lost</c> / <c>power_restored</c> events, debounced so that a
/// blink does not page anyone. A gateway that boots on battery reports <c>power_lost</c> at once.
/// </summary>
internal sealed class MainsPowerSense
{
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(2);

    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly PinValue _presentLevel;
    private readonly TimeProvider _time;
    private readonly LevelDebouncer _debouncer;
    private readonly List<GatewayEvent> _events = [];
    private readonly Lock _gate = new();

    public MainsPowerSense(GpioController gpio, int pin, bool presentWhenHigh, TimeSpan settle, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        _gpio = gpio;
        _pin = pin;
        _presentLevel = presentWhenHigh ? PinValue.High : PinValue.Low;
        _time = time;
        if (!_gpio.IsPinOpen(pin))
        {
            _gpio.OpenPin(pin, PinMode.Input);
        }

        var present = ReadPresent();
        _debouncer = new LevelDebouncer(present, settle);
        if (!present)
        {
            _events.Add(new GatewayEvent { Type = GatewayEventType.PowerLost, Time = time.GetUtcNow(), Detail = "started on battery: mains absent" });
        }
    }

    public static TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(100);

    public bool MainsPresent
    {
        get
        {
            lock (_gate)
            {
                return _debouncer.IsOpen;
            }
        }
    }

    public Task WatchAsync(CancellationToken cancellationToken) => PinPolling.RunAsync(Poll, PollInterval, _time, cancellationToken);

    public void Poll()
    {
        var present = ReadPresent();
        lock (_gate)
        {
            if (_debouncer.Observe(present, _time.GetUtcNow()) is { } change)
            {
                _events.Add(new GatewayEvent
                {
                    Type = change.Open ? GatewayEventType.PowerRestored : GatewayEventType.PowerLost,
                    Time = change.At,
                    Detail = change.Open ? "mains back" : "mains failed: running on battery",
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

    private bool ReadPresent() => _gpio.Read(_pin) == _presentLevel;
}
