using System.Device.Gpio;
using ColdChain.Edge.Sampling;

namespace ColdChain.Edge.LocalAlarms;

/// <summary>
/// The buzzer and LED (GPIO outputs, active high through a transistor) and the acknowledge button (GPIO input with
/// pull-up, pressed = Low), polled with a debounce so one press is one acknowledgement.
/// </summary>
internal sealed class CabIndicators
{
    private readonly GpioController _gpio;
    private readonly int? _buzzer;
    private readonly int? _led;
    private readonly int? _button;
    private readonly PinValue _pressedLevel;
    private readonly LevelDebouncer? _debouncer;
    private readonly TimeProvider _time;

    public CabIndicators(GpioController gpio, int? buzzerPin, int? ledPin, int? acknowledgePin, bool acknowledgeWhenLow, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        _gpio = gpio;
        _buzzer = buzzerPin;
        _led = ledPin;
        _button = acknowledgePin;
        _pressedLevel = acknowledgeWhenLow ? PinValue.Low : PinValue.High;
        _time = time;
        foreach (var pin in new[] { buzzerPin, ledPin }.OfType<int>())
        {
            gpio.OpenPin(pin, PinMode.Output, PinValue.Low);
        }

        if (acknowledgePin is { } button)
        {
            gpio.OpenPin(button, acknowledgeWhenLow ? PinMode.InputPullUp : PinMode.InputPullDown);
            _debouncer = new LevelDebouncer(gpio.Read(button) == _pressedLevel, TimeSpan.FromMilliseconds(50));
        }
    }

    public void Show(bool buzzer, bool led)
    {
        if (_buzzer is { } b)
        {
            _gpio.Write(b, buzzer ? PinValue.High : PinValue.Low);
        }

        if (_led is { } l)
        {
            _gpio.Write(l, led ? PinValue.High : PinValue.Low);
        }
    }

    /// <summary>One poll of the button: true on a confirmed press (not on release).</summary>
    public bool PollPressed() =>
        _button is { } button && _debouncer!.Observe(_gpio.Read(button) == _pressedLevel, _time.GetUtcNow()) is { Open: true };
}
