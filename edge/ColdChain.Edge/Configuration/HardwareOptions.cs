using ColdChain.Edge.Calibration;
using ColdChain.Edge.Sampling;

namespace ColdChain.Edge.Configuration;

/// <summary><c>Gateway:Assets:n</c>: a space the gateway watches, its range (the temperature profile), cadence and cab alarm.</summary>
internal sealed class AssetOptions
{
    public string? Id { get; set; }

    public double? MinCelsius { get; set; }

    public double? MaxCelsius { get; set; }

    public double? MinHumidity { get; set; }

    public double? MaxHumidity { get; set; }

    /// <summary>How often an in-range reading is recorded (e.g. 00:30:00 in storage, 00:05:00 in transport under GSP); unset: every sample.</summary>
    public TimeSpan? RecordInterval { get; set; }

    /// <summary>How long the temperature must stay out of range before the cab alarm sounds (no built-in grace: EU GDP).</summary>
    public TimeSpan AlarmDelay { get; set; } = TimeSpan.Zero;

    /// <summary>GSP's "warning value before the limit": this close to a limit (°C) lights the LED after the same delay; unset: no warning.</summary>
    public double? WarningMarginCelsius { get; set; }

    public AssetLimits ToLimits() => new(Id!)
    {
        MinCelsius = MinCelsius,
        MaxCelsius = MaxCelsius,
        MinHumidity = MinHumidity,
        MaxHumidity = MaxHumidity,
        RecordInterval = RecordInterval,
    };
}

internal enum SensorKind
{
    Ds18b20,
    Sht3x,
    Sht4x,
    DoorContact,
}

/// <summary><c>Gateway:Sensors:n</c>: one physical sensor and where it is wired.</summary>
internal sealed class SensorOptions
{
    /// <summary>The sensor id of its (temperature or door) readings.</summary>
    public string? Id { get; set; }

    public SensorKind Kind { get; set; }

    public string? Asset { get; set; }

    /// <summary>DS18B20: the 1-Wire ROM id, <c>28-xxxxxxxxxxxx</c>.</summary>
    public string? Rom { get; set; }

    /// <summary>SHT3x/SHT4x: the I2C bus (<c>/dev/i2c-1</c> on a Pi) and address (0x44 = 68 by default).</summary>
    public int Bus { get; set; } = 1;

    public int? Address { get; set; }

    /// <summary>SHT3x/SHT4x: the sensor id of the humidity readings; default <c>{Id}-rh</c>.</summary>
    public string? HumidityId { get; set; }

    /// <summary>DoorContact: the BCM GPIO number.</summary>
    public int? Pin { get; set; }

    public bool OpenWhenHigh { get; set; } = true;

    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often this sensor is read; unset: <c>Gateway:SampleInterval</c>. Local file only (wiring and timing).</summary>
    public TimeSpan? SampleInterval { get; set; }

    /// <summary>How often this sensor's in-range readings are recorded; unset: its asset's <c>RecordInterval</c>.</summary>
    public TimeSpan? RecordInterval { get; set; }

    public CalibrationOptions? Calibration { get; set; }

    public CalibrationOptions? HumidityCalibration { get; set; }

    public string EffectiveHumidityId => HumidityId ?? $"{Id}-rh";

    /// <summary>The ids of the readings this sensor produces: its own, and the humidity id of an SHT3x/SHT4x.</summary>
    public IEnumerable<string> ReadingIds()
    {
        yield return Id!;
        if (Kind is SensorKind.Sht3x or SensorKind.Sht4x)
        {
            yield return EffectiveHumidityId;
        }
    }
}

/// <summary>A calibration certificate's correction (offset or two points), its id and date.</summary>
internal sealed class CalibrationOptions
{
    public double? Offset { get; set; }

    public PointOptions? Low { get; set; }

    public PointOptions? High { get; set; }

    public string? CertificateId { get; set; }

    public DateOnly? CalibratedOn { get; set; }

    public SensorCalibration ToCalibration() => new()
    {
        Offset = Offset,
        Low = Low is { } low ? new CalibrationPoint(low.Raw, low.Reference) : null,
        High = High is { } high ? new CalibrationPoint(high.Raw, high.Reference) : null,
        CertificateId = CertificateId,
        CalibratedOn = CalibratedOn,
    };
}

internal sealed class PointOptions
{
    public double Raw { get; set; }

    public double Reference { get; set; }
}

/// <summary><c>Gateway:Gsp</c>: China drug GSP cadence (COMPLIANCE.md).</summary>
internal sealed class GspOptions
{
    /// <summary>On: sampling (the refresh) at least every minute is enforced at start.</summary>
    public bool Enabled { get; set; }

    /// <summary>While out of range a sensor is recorded at least this often, whatever its RecordInterval (GSP: 2 min; one source 1 min).</summary>
    public TimeSpan OutOfRangeRecordInterval { get; set; } = RecordingCadence.DefaultOutOfRangeInterval;
}

/// <summary><c>Gateway:Power</c>: the mains-sense input from the UPS/battery board.</summary>
internal sealed class PowerOptions
{
    public int? SensePin { get; set; }

    public bool PresentWhenHigh { get; set; } = true;

    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary><c>Gateway:Alarms</c>: the cab/room buzzer, LED and acknowledge button.</summary>
internal sealed class AlarmOptions
{
    public int? BuzzerPin { get; set; }

    public int? LedPin { get; set; }

    public int? AcknowledgePin { get; set; }

    /// <summary>The button pulls the pin to ground (internal pull-up): pressed reads Low.</summary>
    public bool AcknowledgeWhenLow { get; set; } = true;
}
