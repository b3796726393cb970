using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Protocol.Tests;

public sealed class ValidatorTests
{
    private static readonly TopicAddress TelemetryTopic = new("site-1", "gw-1", TopicKind.Telemetry);

    private readonly FakeTimeProvider clock = new(Samples.Now);

    private MessageValidator Validator(ValidationLimits? limits = null) => new(limits ?? ValidationLimits.Default, clock);

    private IReadOnlyList<ValidationError> ValidateOne(Reading reading) =>
        Validator().Validate(Samples.Telemetry(reading), TelemetryTopic);

    private static ValidationError[] Only(string field, string reason) => [new(field, reason)];

    [Test]
    public void A_valid_telemetry_batch_on_its_own_topic_has_no_errors()
    {
        Assert.That(Validator().Validate(Samples.Telemetry(), TelemetryTopic), Is.Empty);
    }

    [Test]
    public void A_valid_event_batch_and_status_on_their_own_topics_have_no_errors()
    {
        Assert.That(Validator().Validate(Samples.Events(), TelemetryTopic with { Kind = TopicKind.Events }), Is.Empty);
        Assert.That(Validator().Validate(Samples.Online(), TelemetryTopic with { Kind = TopicKind.Status }), Is.Empty);
        Assert.That(Validator().Validate(Samples.Offline(), TelemetryTopic with { Kind = TopicKind.Status }), Is.Empty);
    }

    [Test]
    public void Without_a_topic_only_the_message_itself_is_checked()
    {
        Assert.That(Validator().Validate(Samples.Telemetry() with { Gateway = "gw-other" }), Is.Empty);
    }

    [Test]
    public void A_batch_from_a_gateway_other_than_the_topics_is_refused_as_foreign()
    {
        var errors = Validator().Validate(Samples.Telemetry() with { Gateway = "gw-2" }, TelemetryTopic);

        Assert.That(errors, Is.EqualTo(Only("gateway", "'gw-2' differs from the topic's gateway 'gw-1': a gateway may publish only as itself")));
    }

    [Test]
    public void A_batch_naming_another_site_than_its_topic_is_refused()
    {
        var errors = Validator().Validate(Samples.Telemetry() with { Site = "site-2" }, TelemetryTopic);

        Assert.That(errors, Is.EqualTo(Only("site", "'site-2' differs from the topic's site 'site-1'")));
    }

    [Test]
    public void A_telemetry_batch_on_an_events_topic_is_refused()
    {
        var errors = Validator().Validate(Samples.Telemetry(), TelemetryTopic with { Kind = TopicKind.Events });

        Assert.That(errors, Is.EqualTo(Only("topic", "a telemetry message arrived on a events topic")));
    }

    [Test]
    public void A_status_on_a_telemetry_topic_is_refused()
    {
        var errors = Validator().Validate(Samples.Online(), TelemetryTopic);

        Assert.That(errors, Is.EqualTo(Only("topic", "a status message arrived on a telemetry topic")));
    }

    [TestCase("", "is missing")]
    [TestCase("site 1", "may hold only letters, digits, '-', '_' and '.'")]
    [TestCase("site/1", "may hold only letters, digits, '-', '_' and '.'")]
    [TestCase("+", "may hold only letters, digits, '-', '_' and '.'")]
    [TestCase("sïte", "may hold only letters, digits, '-', '_' and '.'")]
    [TestCase("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "is longer than 64 characters")]
    public void A_bad_site_id_is_refused_with_its_reason(string site, string reason)
    {
        var errors = Validator().Validate(Samples.Telemetry() with { Site = site });

        Assert.That(errors, Is.EqualTo(Only("site", reason)));
    }

    [Test]
    public void Bad_sensor_and_asset_ids_are_refused_with_the_readings_path()
    {
        var errors = Validator().Validate(Samples.Telemetry(Samples.Temperature(), Samples.Temperature() with { Sensor = "t 2", Asset = "" }));

        Assert.That(errors, Is.EqualTo(new ValidationError[]
        {
            new("readings[1].sensor", "may hold only letters, digits, '-', '_' and '.'"),
            new("readings[1].asset", "is missing"),
        }));
    }

    [Test]
    public void A_negative_seq_is_refused()
    {
        Assert.That(Validator().Validate(Samples.Telemetry() with { Seq = -1 }), Is.EqualTo(Only("seq", "must not be negative")));
    }

    [Test]
    public void A_reading_from_up_to_MaxClockAhead_in_the_future_is_accepted()
    {
        var reading = Samples.Temperature() with { Time = Samples.Now + ValidationLimits.Default.MaxClockAhead };

        Assert.That(ValidateOne(reading), Is.Empty);
    }

    [Test]
    public void A_reading_from_further_ahead_than_MaxClockAhead_is_refused()
    {
        var ts = Samples.Now + ValidationLimits.Default.MaxClockAhead + TimeSpan.FromMilliseconds(1);

        var errors = ValidateOne(Samples.Temperature() with { Time = ts });

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Field, Is.EqualTo("readings[0].ts"));
        Assert.That(errors[0].Reason, Is.EqualTo($"{ts:O} is more than 00:05:00 ahead of the receiver's clock ({Samples.Now:O})"));
    }

    [Test]
    public void The_future_limit_follows_the_receivers_clock()
    {
        var ts = Samples.Now.AddMinutes(10);
        var reading = Samples.Temperature() with { Time = ts };
        Assert.That(ValidateOne(reading), Has.Count.EqualTo(1));

        clock.Advance(TimeSpan.FromMinutes(6));

        Assert.That(ValidateOne(reading), Is.Empty);
    }

    [Test]
    public void A_reading_older_than_MaxAge_is_refused()
    {
        var ts = Samples.Now - TimeSpan.FromDays(30) - TimeSpan.FromMilliseconds(1);

        var errors = ValidateOne(Samples.Temperature() with { Time = ts });

        Assert.That(errors, Is.EqualTo(Only("readings[0].ts", $"{ts:O} is older than the accepted backlog of 30 days")));
    }

    [Test]
    public void A_reading_exactly_MaxAge_old_is_accepted()
    {
        Assert.That(ValidateOne(Samples.Temperature() with { Time = Samples.Now - TimeSpan.FromDays(30) }), Is.Empty);
    }

    [Test]
    public void Custom_limits_move_the_time_window()
    {
        var limits = new ValidationLimits { MaxClockAhead = TimeSpan.Zero, MaxAge = TimeSpan.FromHours(1) };
        var validator = Validator(limits);

        Assert.That(validator.Validate(Samples.Telemetry(Samples.Temperature() with { Time = Samples.Now.AddMilliseconds(1) })).Single().Field, Is.EqualTo("readings[0].ts"));
        Assert.That(validator.Validate(Samples.Telemetry(Samples.Temperature() with { Time = Samples.Now.AddHours(-2) })).Single().Field, Is.EqualTo("readings[0].ts"));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void A_non_finite_value_is_refused(double value)
    {
        Assert.That(ValidateOne(Samples.Temperature(value)), Is.EqualTo(Only("readings[0].value", "is not a finite number")));
    }

    [TestCase(ReadingStatus.Ok)]
    [TestCase(ReadingStatus.OutOfRange)]
    public void A_missing_value_is_refused_unless_the_sensor_is_faulty(ReadingStatus status)
    {
        Assert.That(
            ValidateOne(Samples.Temperature(value: null, status: status)),
            Is.EqualTo(Only("readings[0].value", "is missing; only a sensor_fault reading may omit its value")));
    }

    [Test]
    public void A_sensor_fault_reading_may_omit_its_value()
    {
        Assert.That(ValidateOne(Samples.Temperature(value: null, status: ReadingStatus.SensorFault)), Is.Empty);
        Assert.That(ValidateOne(Samples.Door(value: null) with { Status = ReadingStatus.SensorFault }), Is.Empty);
    }

    [TestCase(Quantity.Temperature, "%RH")]
    [TestCase(Quantity.Temperature, "C")]
    [TestCase(Quantity.Temperature, "°F")]
    [TestCase(Quantity.Humidity, "%")]
    [TestCase(Quantity.Door, "°C")]
    public void A_unit_other_than_the_quantitys_canonical_unit_is_refused(Quantity quantity, string unit)
    {
        var reading = quantity switch
        {
            Quantity.Temperature => Samples.Temperature(),
            Quantity.Humidity => Samples.Humidity(),
            _ => Samples.Door(),
        };

        var errors = ValidateOne(reading with { Unit = unit });

        Assert.That(errors, Is.EqualTo(Only("readings[0].unit", $"'{unit}' is not the unit of {quantity.WireName()} ('{quantity.CanonicalUnit()}')")));
    }

    [TestCase(-90.0001, "-90.0001 °C is outside the plausible range -90…150")]
    [TestCase(150.5, "150.5 °C is outside the plausible range -90…150")]
    [TestCase(-273.15, "-273.15 °C is outside the plausible range -90…150")]
    public void A_temperature_outside_the_plausible_range_is_refused(double value, string reason)
    {
        Assert.That(ValidateOne(Samples.Temperature(value)), Is.EqualTo(Only("readings[0].value", reason)));
    }

    [TestCase(-90.0)]
    [TestCase(150.0)]
    [TestCase(-18.5)]
    public void A_temperature_at_or_within_the_limits_is_accepted(double value)
    {
        Assert.That(ValidateOne(Samples.Temperature(value)), Is.Empty);
    }

    [Test]
    public void An_out_of_range_status_does_not_excuse_an_implausible_value()
    {
        Assert.That(ValidateOne(Samples.Temperature(999, ReadingStatus.OutOfRange)).Single().Field, Is.EqualTo("readings[0].value"));
    }

    [TestCase(-0.5)]
    [TestCase(100.01)]
    public void A_humidity_outside_0_to_100_is_refused(double value)
    {
        Assert.That(
            ValidateOne(Samples.Humidity(value)),
            Is.EqualTo(Only("readings[0].value", FormattableString.Invariant($"{value} %RH is outside the plausible range 0…100"))));
    }

    [TestCase(0.5)]
    [TestCase(1e-9)]
    public void A_door_value_between_0_and_1_is_refused(double value)
    {
        Assert.That(ValidateOne(Samples.Door(value)), Is.EqualTo(Only("readings[0].value", "a door reading is 1 (open) or 0 (closed)")));
    }

    [TestCase(2)]
    [TestCase(-1)]
    public void A_door_value_outside_0_and_1_is_refused_as_out_of_range(double value)
    {
        Assert.That(ValidateOne(Samples.Door(value)).Single().Reason, Does.Contain("outside the plausible range 0…1"));
    }

    [TestCase(0)]
    [TestCase(1)]
    public void A_door_value_of_0_or_1_is_accepted(double value)
    {
        Assert.That(ValidateOne(Samples.Door(value)), Is.Empty);
    }

    [Test]
    public void An_undefined_quantity_or_status_is_refused()
    {
        Assert.That(ValidateOne(Samples.Temperature() with { Quantity = (Quantity)9 }), Is.EqualTo(Only("readings[0].quantity", "is not temperature, humidity or door")));
        Assert.That(ValidateOne(Samples.Temperature() with { Status = (ReadingStatus)3 }), Is.EqualTo(Only("readings[0].status", "is not ok, sensor_fault or out_of_range")));
    }

    [Test]
    public void A_batch_without_readings_is_refused()
    {
        var errors = Validator().Validate(Samples.Telemetry() with { Readings = [] });

        Assert.That(errors, Is.EqualTo(Only("readings", "must hold at least one reading")));
    }

    [Test]
    public void A_batch_with_more_readings_than_the_limit_is_refused()
    {
        var validator = Validator(new ValidationLimits { MaxReadingsPerBatch = 3 });
        var four = Enumerable.Range(0, 4).Select(i => Samples.Temperature(sensor: $"t-{i}")).ToArray();

        Assert.That(validator.Validate(Samples.Telemetry(four[..3])), Is.Empty);
        Assert.That(validator.Validate(Samples.Telemetry(four)), Is.EqualTo(Only("readings", "holds 4 readings; at most 3 are accepted")));
    }

    [Test]
    public void A_null_reading_is_refused_by_position()
    {
        var errors = Validator().Validate(Samples.Telemetry() with { Readings = [Samples.Temperature(), null!] });

        Assert.That(errors, Is.EqualTo(Only("readings[1]", "is null")));
    }

    [Test]
    public void Every_problem_in_a_batch_is_reported_not_just_the_first()
    {
        var batch = Samples.Telemetry(
            Samples.Temperature(value: null),
            Samples.Humidity(120) with { Unit = "%" },
            Samples.Door(0.5) with { Time = Samples.Now.AddDays(-31) }) with { Gateway = "gw-9" };

        var fields = Validator().Validate(batch, TelemetryTopic).Select(e => e.Field);

        Assert.That(fields, Is.EqualTo(new[] { "gateway", "readings[0].value", "readings[1].unit", "readings[1].value", "readings[2].ts", "readings[2].value" }));
    }

    [Test]
    public void An_event_batch_is_checked_event_by_event()
    {
        var batch = Samples.Events(
            new GatewayEvent { Type = GatewayEventType.DoorOpened, Time = Samples.Now },
            new GatewayEvent { Type = (GatewayEventType)99, Time = Samples.Now.AddHours(1), Sensor = "t 1", Asset = "", Detail = new string('d', 1025) });

        var errors = Validator().Validate(batch);

        Assert.That(errors, Has.Count.EqualTo(5));
        Assert.That(errors[0], Is.EqualTo(new ValidationError("events[1].type", "is not a known event type")));
        Assert.That(errors[1].Field, Is.EqualTo("events[1].ts"));
        Assert.That(errors[1].Reason, Does.Contain("ahead of the receiver's clock"));
        Assert.That(errors[2], Is.EqualTo(new ValidationError("events[1].sensor", "may hold only letters, digits, '-', '_' and '.'")));
        Assert.That(errors[3], Is.EqualTo(new ValidationError("events[1].asset", "is missing")));
        Assert.That(errors[4], Is.EqualTo(new ValidationError("events[1].detail", "is longer than 1024 characters")));
    }

    [Test]
    public void An_event_batch_must_hold_between_one_event_and_the_limit()
    {
        var validator = Validator(new ValidationLimits { MaxEventsPerBatch = 2 });
        var e = new GatewayEvent { Type = GatewayEventType.PowerLost, Time = Samples.Now };

        Assert.That(validator.Validate(Samples.Events() with { Events = [] }), Is.EqualTo(Only("events", "must hold at least one event")));
        Assert.That(validator.Validate(Samples.Events(e, e, e)), Is.EqualTo(Only("events", "holds 3 events; at most 2 are accepted")));
        Assert.That(validator.Validate(Samples.Events(e, e)), Is.Empty);
    }

    [Test]
    public void A_status_with_an_unknown_state_or_a_future_time_is_refused()
    {
        var errors = Validator().Validate(Samples.Offline() with { State = (GatewayState)5, Time = Samples.Now.AddHours(1) });

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "state", "ts" }));
        Assert.That(errors[0].Reason, Is.EqualTo("is not online or offline"));
    }

    [Test]
    public void A_status_from_a_foreign_gateway_is_refused()
    {
        var errors = Validator().Validate(Samples.Online() with { Gateway = "gw-x" }, TelemetryTopic with { Kind = TopicKind.Status });

        Assert.That(errors.Single().Field, Is.EqualTo("gateway"));
    }

    [Test]
    public void A_status_calibration_with_an_unknown_method_or_a_blank_certificate_is_refused_by_field()
    {
        var health = Samples.Online().Health!;
        var status = Samples.Online() with
        {
            Health = health with { Calibrations = [health.Calibrations![0] with { Method = "guess" }, health.Calibrations[1] with { Certificate = " " }] },
        };

        var errors = Validator().Validate(status);

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "health.calibrations[0].method", "health.calibrations[1].certificate" }));
    }

    [Test]
    public void A_status_signal_over_an_unknown_link_or_out_of_range_is_refused_by_field()
    {
        var status = Samples.Online() with
        {
            Health = Samples.Online().Health! with { Signal = new GatewaySignal { Link = "lora", Dbm = 5, QualityPercent = double.NaN } },
        };

        var errors = Validator().Validate(status);

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "health.signal.link", "health.signal.dbm", "health.signal.quality_pct" }));
    }

    [Test]
    public void A_wired_gateway_without_a_signal_and_a_radio_with_unknown_level_are_valid()
    {
        var health = Samples.Online().Health!;

        Assert.That(Validator().Validate(Samples.Online() with { Health = health with { Signal = null } }), Is.Empty);
        Assert.That(Validator().Validate(Samples.Online() with { Health = health with { Signal = new GatewaySignal { Link = GatewaySignal.Wifi } } }), Is.Empty);
    }

    [Test]
    public void A_status_without_calibrations_from_an_older_gateway_is_still_valid()
    {
        var status = Samples.Online() with { Health = Samples.Online().Health! with { Calibrations = null } };

        Assert.That(Validator().Validate(status), Is.Empty);
    }

    [Test]
    [SetCulture("de-DE")]
    public void Reasons_read_the_same_whatever_the_receivers_culture()
    {
        var validator = Validator(new ValidationLimits { MaxAge = TimeSpan.FromHours(36) });

        Assert.That(validator.Validate(Samples.Telemetry(Samples.Humidity(-0.5))).Single().Reason, Is.EqualTo("-0.5 %RH is outside the plausible range 0…100"));
        Assert.That(
            validator.Validate(Samples.Telemetry(Samples.Humidity() with { Time = Samples.Now.AddDays(-2) })).Single().Reason,
            Does.EndWith("is older than the accepted backlog of 1.5 days"));
    }

    [Test]
    public void A_validation_error_reads_as_field_colon_reason()
    {
        Assert.That(new ValidationError("readings[3].value", "is missing").ToString(), Is.EqualTo("readings[3].value: is missing"));
    }
}
