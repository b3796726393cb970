using System.Device.Gpio;
using ColdChain.Edge.LocalAlarms;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.LocalAlarms;

/// <summary>Cab alarms evaluated on the gateway from its config, with no network.</summary>
public sealed class AlarmEvaluatorTests
{
    private static readonly AlarmRule Chilled = new("truck-1", 0, 4, TimeSpan.FromMinutes(5), WarningMarginCelsius: 0.5);
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void StartClock() => _time = new FakeTimeProvider(GatewayHarness.Morning);

    [Test]
    public void A_breach_shorter_than_the_delay_raises_nothing_and_one_that_lasts_sounds_the_buzzer_and_lights_the_LED()
    {
        var alarms = new AlarmEvaluator([Chilled]);

        var shortBreach = Feed(alarms, 6.0, 6.0, 6.0, 3.0);
        var longBreach = Feed(alarms, 6.0, 6.0, 6.0, 6.0, 6.0, 6.0);

        Assert.Multiple(() =>
        {
            Assert.That(shortBreach, Is.Empty);
            Assert.That(longBreach.Select(e => e.Type), Is.EqualTo(new[] { GatewayEventType.LocalAlarmRaised }));
            Assert.That(longBreach[0].Detail, Does.StartWith("alarm: 6 °C against 0…4 °C"));
            Assert.That((alarms.Buzzer, alarms.Led), Is.EqualTo((true, true)));
        });
    }

    [Test]
    public void Near_the_limit_a_warning_lights_the_LED_without_the_buzzer()
    {
        var alarms = new AlarmEvaluator([Chilled]);

        var events = Feed(alarms, Enumerable.Repeat(3.7, 6).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(events.Single().Detail, Does.StartWith("warning"));
            Assert.That((alarms.Buzzer, alarms.Led), Is.EqualTo((false, true)));
        });
    }

    [Test]
    public void The_acknowledge_button_silences_the_buzzer_reports_it_and_the_alarm_clears_when_the_temperature_is_back()
    {
        var alarms = new AlarmEvaluator([Chilled]);
        Feed(alarms, Enumerable.Repeat(6.0, 6).ToArray());

        var acknowledged = alarms.Acknowledge(_time.GetUtcNow());
        var afterAck = (alarms.Buzzer, alarms.Led);
        var cleared = Feed(alarms, 2.0);

        Assert.Multiple(() =>
        {
            Assert.That(acknowledged.Single().Type, Is.EqualTo(GatewayEventType.AlertAcknowledged));
            Assert.That(acknowledged.Single().Detail, Does.Contain("alarm truck-1"));
            Assert.That(afterAck, Is.EqualTo((false, true)), "silenced, still lit while out of range");
            Assert.That(cleared.Single().Type, Is.EqualTo(GatewayEventType.LocalAlarmCleared));
            Assert.That((alarms.Buzzer, alarms.Led), Is.EqualTo((false, false)));
        });
    }

    [Test]
    public void The_acknowledge_button_names_each_platform_alert_it_acknowledges_in_its_own_event()
    {
        var alarms = new AlarmEvaluator([Chilled]);
        alarms.Raise("0199a1b2-0000-7000-8000-000000000001", "truck-1 above range");
        alarms.Raise("0199a1b2-0000-7000-8000-000000000002", "truck-1 door open");

        var acknowledged = alarms.Acknowledge(_time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(acknowledged.Select(e => e.AlertId), Is.EquivalentTo(new[] { "0199a1b2-0000-7000-8000-000000000001", "0199a1b2-0000-7000-8000-000000000002" }));
            Assert.That(acknowledged, Has.All.Matches<GatewayEvent>(e => e.Type == GatewayEventType.AlertAcknowledged));
            Assert.That(alarms.Buzzer, Is.False);
        });
    }

    [Test]
    public void A_sensor_fault_neither_raises_nor_clears_the_alarm()
    {
        var alarms = new AlarmEvaluator([Chilled]);
        Feed(alarms, Enumerable.Repeat(6.0, 6).ToArray());

        var events = alarms.Evaluate([Reading(null)], _time.GetUtcNow());

        Assert.Multiple(() =>
        {
            Assert.That(events, Is.Empty);
            Assert.That(alarms.LevelOf("truck-1"), Is.EqualTo(AlarmLevel.Alarm));
        });
    }

    [Test]
    public void A_remote_alert_sounds_in_the_cab_until_the_button_is_pressed_and_drives_the_GPIO_outputs()
    {
        var driver = new FakeGpioDriver { [24] = PinValue.High };
        using var gpio = new GpioController(driver);
        var cab = new CabAlarms(new AlarmEvaluator([Chilled]), new CabIndicators(gpio, 22, 23, 24, acknowledgeWhenLow: true, _time), _time);

        cab.OnAlert(new CabAlert { Site = "s", Gateway = "g", AlertId = "alarm-41", Action = CabAlertAction.Raise, Time = _time.GetUtcNow(), Message = "Truck 1 above 8 °C" });
        var sounding = (driver[22], driver[23]);
        var acknowledged = cab.OnButton();

        Assert.Multiple(() =>
        {
            Assert.That(sounding, Is.EqualTo((PinValue.High, PinValue.High)));
            Assert.That(acknowledged.Single().Detail, Does.Contain("alert alarm-41"));
            Assert.That((driver[22], driver[23]), Is.EqualTo((PinValue.Low, PinValue.Low)));
        });
    }

    [Test]
    public void The_acknowledge_button_is_debounced_and_counts_a_press_once()
    {
        var driver = new FakeGpioDriver { [24] = PinValue.High };
        using var gpio = new GpioController(driver);
        var indicators = new CabIndicators(gpio, 22, 23, 24, acknowledgeWhenLow: true, _time);

        var presses = 0;
        driver[24] = PinValue.Low;
        for (var i = 0; i < 10; i++)
        {
            presses += indicators.PollPressed() ? 1 : 0;
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.That(presses, Is.EqualTo(1));
    }

    private List<GatewayEvent> Feed(AlarmEvaluator alarms, params double[] values)
    {
        var events = new List<GatewayEvent>();
        foreach (var value in values)
        {
            events.AddRange(alarms.Evaluate([Reading(value)], _time.GetUtcNow()));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        return events;
    }

    private Reading Reading(double? value) => new()
    {
        Sensor = "truck-1-t1", Asset = "truck-1", Time = _time.GetUtcNow(), Quantity = Quantity.Temperature, Unit = "°C", Value = value,
        Status = value is null ? ReadingStatus.SensorFault : ReadingStatus.Ok,
    };
}
