using System.Device.Gpio;
using ColdChain.Edge.Sampling;
using ColdChain.Edge.Sampling.DoorContact;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Events;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Sampling;

public sealed class DoorContactTests
{
    private const int Pin = 17;
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private readonly FakeTimeProvider _time = new(GatewayHarness.Morning);

    [Test]
    public void Chatter_shorter_than_the_debounce_time_is_no_door_event()
    {
        var debouncer = new LevelDebouncer(initiallyOpen: false, Settle);
        var t = GatewayHarness.Morning;

        var changes = new[] { (true, 0), (false, 30), (true, 60), (false, 90), (false, 400) }
            .Select(p => debouncer.Observe(p.Item1, t.AddMilliseconds(p.Item2)))
            .ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(changes, Is.All.Null);
            Assert.That(debouncer.IsOpen, Is.False);
        });
    }

    [Test]
    public void A_real_opening_is_confirmed_after_the_debounce_time_and_stamped_when_the_door_moved()
    {
        var debouncer = new LevelDebouncer(initiallyOpen: false, Settle);
        var t = GatewayHarness.Morning;

        debouncer.Observe(true, t);
        var early = debouncer.Observe(true, t.AddMilliseconds(100));
        var confirmed = debouncer.Observe(true, t.AddMilliseconds(220));

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Null);
            Assert.That(confirmed, Is.EqualTo((true, t)));
        });
    }

    [Test]
    public async Task A_door_contact_on_GPIO_produces_opened_and_closed_events_and_a_door_reading()
    {
        var driver = new FakeGpioDriver();
        using var gpio = new GpioController(driver);
        var door = new DoorContactSensor(gpio, Pin, openWhenHigh: true, "truck-1-door", "truck-1", Settle, _time);

        driver[Pin] = PinValue.High;
        var openedAt = _time.GetUtcNow();
        PollFor(TimeSpan.FromMilliseconds(300));
        var whileOpen = await door.MeasureAsync(CancellationToken.None);
        driver[Pin] = PinValue.Low;
        PollFor(TimeSpan.FromMilliseconds(300));
        var events = door.TakeEvents();

        Assert.Multiple(() =>
        {
            Assert.That(driver.ModeOf(Pin), Is.EqualTo(PinMode.InputPullUp), "a reed switch to ground needs the pull-up");
            Assert.That(whileOpen.Single().Value, Is.EqualTo(1));
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { GatewayEventType.DoorOpened, GatewayEventType.DoorClosed }));
            Assert.That(events[0].Time, Is.EqualTo(openedAt));
            Assert.That(events.Select(e => (e.Sensor, e.Asset)), Is.All.EqualTo(("truck-1-door", "truck-1")));
            Assert.That(door.TakeEvents(), Is.Empty, "taken once");
        });

        void PollFor(TimeSpan span)
        {
            for (var elapsed = TimeSpan.Zero; elapsed <= span; elapsed += DoorContactSensor.PollInterval)
            {
                door.Poll();
                _time.Advance(DoorContactSensor.PollInterval);
            }
        }
    }
}
