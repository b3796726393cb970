using System.Device.Gpio;
using ColdChain.Edge.Power;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Events;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Power;

public sealed class MainsPowerSenseTests
{
    private const int Pin = 27;

    [Test]
    public void A_mains_failure_that_lasts_is_power_lost_and_its_return_power_restored_while_a_blink_is_nothing()
    {
        var time = new FakeTimeProvider(GatewayHarness.Morning);
        var driver = new FakeGpioDriver { [Pin] = PinValue.High };
        using var gpio = new GpioController(driver);
        var power = new MainsPowerSense(gpio, Pin, presentWhenHigh: true, TimeSpan.FromSeconds(2), time);

        driver[Pin] = PinValue.Low;
        PollFor(TimeSpan.FromSeconds(1));
        driver[Pin] = PinValue.High;
        PollFor(TimeSpan.FromSeconds(3));
        var afterBlink = power.TakeEvents();
        var failedAt = time.GetUtcNow();
        driver[Pin] = PinValue.Low;
        PollFor(TimeSpan.FromSeconds(3));
        var onBattery = power.MainsPresent;
        driver[Pin] = PinValue.High;
        PollFor(TimeSpan.FromSeconds(3));
        var events = power.TakeEvents();

        Assert.Multiple(() =>
        {
            Assert.That(afterBlink, Is.Empty);
            Assert.That(onBattery, Is.False);
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { GatewayEventType.PowerLost, GatewayEventType.PowerRestored }));
            Assert.That(events[0].Time, Is.EqualTo(failedAt), "stamped when the mains failed, not when it was confirmed");
        });

        void PollFor(TimeSpan span)
        {
            for (var t = TimeSpan.Zero; t < span; t += MainsPowerSense.PollInterval)
            {
                power.Poll();
                time.Advance(MainsPowerSense.PollInterval);
            }
        }
    }

    [Test]
    public void A_gateway_that_starts_on_battery_reports_power_lost_at_once()
    {
        var time = new FakeTimeProvider(GatewayHarness.Morning);
        var driver = new FakeGpioDriver { [Pin] = PinValue.Low };
        using var gpio = new GpioController(driver);

        var power = new MainsPowerSense(gpio, Pin, presentWhenHigh: true, TimeSpan.FromSeconds(2), time);

        Assert.That(power.TakeEvents().Single().Type, Is.EqualTo(GatewayEventType.PowerLost));
    }
}
