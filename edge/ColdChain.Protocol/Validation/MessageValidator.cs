using System.Globalization;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;

namespace ColdChain.Protocol.Validation;

/// <summary>
/// Checks a decoded message against the contract and against the topic it arrived on. Returns every problem found
/// (not just the first), each naming its field, so a dead-letter record tells an installer exactly what to fix.
/// </summary>
public sealed class MessageValidator(ValidationLimits limits, TimeProvider time)
{
    public MessageValidator()
        : this(ValidationLimits.Default, TimeProvider.System)
    {
    }

    public ValidationLimits Limits => limits;

    public IReadOnlyList<ValidationError> Validate(TelemetryBatch batch, TopicAddress? topic = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var errors = new List<ValidationError>();
        CheckEnvelope(batch.Site, batch.Gateway, batch.Seq, topic, TopicKind.Telemetry, errors);

        if (batch.Readings is null || batch.Readings.Count == 0)
        {
            errors.Add(new("readings", "must hold at least one reading"));
            return errors;
        }

        if (batch.Readings.Count > limits.MaxReadingsPerBatch)
        {
            errors.Add(new("readings", $"holds {batch.Readings.Count} readings; at most {limits.MaxReadingsPerBatch} are accepted"));
            return errors;
        }

        var now = time.GetUtcNow();
        for (var i = 0; i < batch.Readings.Count; i++)
        {
            CheckReading(batch.Readings[i], $"readings[{i}]", now, errors);
        }

        return errors;
    }

    public IReadOnlyList<ValidationError> Validate(EventBatch batch, TopicAddress? topic = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var errors = new List<ValidationError>();
        CheckEnvelope(batch.Site, batch.Gateway, batch.Seq, topic, TopicKind.Events, errors);

        if (batch.Events is null || batch.Events.Count == 0)
        {
            errors.Add(new("events", "must hold at least one event"));
            return errors;
        }

        if (batch.Events.Count > limits.MaxEventsPerBatch)
        {
            errors.Add(new("events", $"holds {batch.Events.Count} events; at most {limits.MaxEventsPerBatch} are accepted"));
            return errors;
        }

        var now = time.GetUtcNow();
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var path = $"events[{i}]";
            var e = batch.Events[i];
            if (!Enum.IsDefined(e.Type))
            {
                errors.Add(new($"{path}.type", "is not a known event type"));
            }

            CheckTime(e.Time, $"{path}.ts", now, errors);
            CheckOptionalId(e.Sensor, $"{path}.sensor", errors);
            CheckOptionalId(e.Asset, $"{path}.asset", errors);
            if (e.AlertId is { Length: 0 or > 128 })
            {
                errors.Add(new($"{path}.alert_id", "must be 1 to 128 characters"));
            }

            if (e.Detail is { Length: > 1024 })
            {
                errors.Add(new($"{path}.detail", "is longer than 1024 characters"));
            }
        }

        return errors;
    }

    /// <summary>Two calibrations (temperature, humidity) per sensor of the largest gateway the validator accepts readings from, with room.</summary>
    public const int MaxCalibrations = 1000;

    public IReadOnlyList<ValidationError> Validate(GatewayStatus status, TopicAddress? topic = null)
    {
        ArgumentNullException.ThrowIfNull(status);
        var errors = new List<ValidationError>();
        CheckEnvelope(status.Site, status.Gateway, seq: 0, topic, TopicKind.Status, errors);
        if (!Enum.IsDefined(status.State))
        {
            errors.Add(new("state", "is not online or offline"));
        }

        CheckTime(status.Time, "ts", time.GetUtcNow(), errors);
        CheckCalibrations(status.Health?.Calibrations, errors);
        CheckSignal(status.Health?.Signal, errors);
        return errors;
    }

    private static void CheckSignal(GatewaySignal? signal, List<ValidationError> errors)
    {
        if (signal is null)
        {
            return;
        }

        if (signal.Link is not (GatewaySignal.Wifi or GatewaySignal.Cellular))
        {
            errors.Add(new("health.signal.link", "is not wifi or cellular"));
        }

        if (signal.Dbm is { } dbm && !(dbm >= GatewaySignal.MinDbm && dbm <= GatewaySignal.MaxDbm))
        {
            errors.Add(new("health.signal.dbm", $"must be between {GatewaySignal.MinDbm} and {GatewaySignal.MaxDbm} dBm"));
        }

        if (signal.QualityPercent is { } quality && !(quality >= 0 && quality <= 100))
        {
            errors.Add(new("health.signal.quality_pct", "must be between 0 and 100"));
        }
    }

    private static void CheckCalibrations(IReadOnlyList<GatewayCalibration>? calibrations, List<ValidationError> errors)
    {
        if (calibrations is null)
        {
            return;
        }

        if (calibrations.Count > MaxCalibrations)
        {
            errors.Add(new("health.calibrations", $"has {calibrations.Count} entries; at most {MaxCalibrations}"));
            return;
        }

        for (var i = 0; i < calibrations.Count; i++)
        {
            var path = $"health.calibrations[{i}]";
            if (calibrations[i] is not { } c)
            {
                errors.Add(new(path, "is null"));
                continue;
            }

            CheckId(c.Sensor, $"{path}.sensor", errors);
            if (c.Method is not (GatewayCalibration.Offset or GatewayCalibration.TwoPoint))
            {
                errors.Add(new($"{path}.method", "is not offset or two_point"));
            }

            if (string.IsNullOrWhiteSpace(c.Certificate) || c.Certificate.Length > 128)
            {
                errors.Add(new($"{path}.certificate", "must be 1 to 128 characters, not blank"));
            }
        }
    }

    private static void CheckEnvelope(string site, string gateway, long seq, TopicAddress? topic, TopicKind expectedKind, List<ValidationError> errors)
    {
        CheckId(site, "site", errors);
        CheckId(gateway, "gateway", errors);
        if (seq < 0)
        {
            errors.Add(new("seq", "must not be negative"));
        }

        if (topic is not { } t)
        {
            return;
        }

        if (t.Kind != expectedKind)
        {
            errors.Add(new("topic", $"a {expectedKind.ToString().ToLowerInvariant()} message arrived on a {t.Kind.ToString().ToLowerInvariant()} topic"));
        }

        if (!string.Equals(t.Site, site, StringComparison.Ordinal))
        {
            errors.Add(new("site", $"'{site}' differs from the topic's site '{t.Site}'"));
        }

        if (!string.Equals(t.Gateway, gateway, StringComparison.Ordinal))
        {
            errors.Add(new("gateway", $"'{gateway}' differs from the topic's gateway '{t.Gateway}': a gateway may publish only as itself"));
        }
    }

    private void CheckReading(Reading reading, string path, DateTimeOffset now, List<ValidationError> errors)
    {
        if (reading is null)
        {
            errors.Add(new(path, "is null"));
            return;
        }

        CheckId(reading.Sensor, $"{path}.sensor", errors);
        CheckId(reading.Asset, $"{path}.asset", errors);
        CheckTime(reading.Time, $"{path}.ts", now, errors);

        if (!Enum.IsDefined(reading.Quantity))
        {
            errors.Add(new($"{path}.quantity", "is not temperature, humidity or door"));
            return;
        }

        if (!Enum.IsDefined(reading.Status))
        {
            errors.Add(new($"{path}.status", "is not ok, sensor_fault or out_of_range"));
        }

        var unit = reading.Quantity.CanonicalUnit();
        if (!string.Equals(reading.Unit, unit, StringComparison.Ordinal))
        {
            errors.Add(new($"{path}.unit", $"'{reading.Unit}' is not the unit of {reading.Quantity.WireName()} ('{unit}')"));
        }

        CheckValue(reading, path, errors);
    }

    private void CheckValue(Reading reading, string path, List<ValidationError> errors)
    {
        if (reading.Value is not { } value)
        {
            if (reading.Status != ReadingStatus.SensorFault)
            {
                errors.Add(new($"{path}.value", "is missing; only a sensor_fault reading may omit its value"));
            }

            return;
        }

        if (!double.IsFinite(value))
        {
            errors.Add(new($"{path}.value", "is not a finite number"));
            return;
        }

        var (min, max) = reading.Quantity switch
        {
            Quantity.Temperature => (limits.MinTemperatureCelsius, limits.MaxTemperatureCelsius),
            Quantity.Humidity => (0d, 100d),
            _ => (0d, 1d),
        };

        if (value < min || value > max)
        {
            errors.Add(new($"{path}.value", string.Create(CultureInfo.InvariantCulture, $"{value} {reading.Unit} is outside the plausible range {min}…{max}")));
        }
        else if (reading.Quantity == Quantity.Door && value is not (0 or 1))
        {
            errors.Add(new($"{path}.value", "a door reading is 1 (open) or 0 (closed)"));
        }
    }

    private void CheckTime(DateTimeOffset ts, string path, DateTimeOffset now, List<ValidationError> errors)
    {
        if (ts > now + limits.MaxClockAhead)
        {
            errors.Add(new(path, $"{ts:O} is more than {limits.MaxClockAhead} ahead of the receiver's clock ({now:O})"));
        }
        else if (ts < now - limits.MaxAge)
        {
            errors.Add(new(path, string.Create(CultureInfo.InvariantCulture, $"{ts:O} is older than the accepted backlog of {limits.MaxAge.TotalDays:0.#} days")));
        }
    }

    private static void CheckId(string? id, string path, List<ValidationError> errors)
    {
        if (Identifiers.Problem(id) is { } problem)
        {
            errors.Add(new(path, problem));
        }
    }

    private static void CheckOptionalId(string? id, string path, List<ValidationError> errors)
    {
        if (id is not null)
        {
            CheckId(id, path, errors);
        }
    }
}
