namespace ColdChain.Platform.Sensors;

/// <summary>A measuring point on an asset (and zone): its kind, serial number and accuracy class, with its calibration history.</summary>
public sealed class Sensor
{
    public string Id { get; set; } = string.Empty;

    public string Asset { get; set; } = string.Empty;

    /// <summary>Where in the asset, e.g. "door side, top shelf" or a compartment; free text.</summary>
    public string? Zone { get; set; }

    /// <summary><c>temperature</c>, <c>humidity</c> or <c>door</c>.</summary>
    public string Kind { get; set; } = "temperature";

    public string Serial { get; set; } = string.Empty;

    /// <summary>E.g. "±0.5 °C (0…40 °C), ±1.0 °C (−25…0 °C)" — GSP asks for this accuracy.</summary>
    public string AccuracyClass { get; set; } = string.Empty;
}

/// <summary>
/// One calibration (GSP, EU GDP: at least yearly). Certificates are only added, never changed: a new calibration is
/// a new certificate. Its correction applies to new readings only; stored readings are never changed.
/// </summary>
public sealed class CalibrationCertificate
{
    public string Id { get; set; } = string.Empty;

    public string Sensor { get; set; } = string.Empty;

    public string Number { get; set; } = string.Empty;

    public DateTime CalibratedOn { get; set; }

    public DateTime DueOn { get; set; }

    /// <summary>The reference instrument or laboratory.</summary>
    public string Reference { get; set; } = string.Empty;

    /// <summary>The correction the certificate gives, in the sensor's unit, added to raw values; null if none.</summary>
    public double? Correction { get; set; }
}
