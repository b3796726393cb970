using ColdChain.Edge.Calibration;

namespace ColdChain.Edge.Tests.Calibration;

public sealed class SensorCalibrationTests
{
    private static readonly DateOnly Day = new(2026, 1, 13);

    [Test]
    public void An_offset_calibration_adds_its_offset()
    {
        var calibration = new SensorCalibration { Offset = -0.12, CertificateId = "CAL-1", CalibratedOn = Day };

        Assert.That(calibration.Apply(4.0), Is.EqualTo(3.88).Within(1e-9));
    }

    [Test]
    public void A_two_point_calibration_maps_the_certificates_raw_readings_onto_the_reference_and_interpolates_between()
    {
        var calibration = new SensorCalibration
        {
            Low = new CalibrationPoint(0.2, 0.0), High = new CalibrationPoint(25.2, 25.0), CertificateId = "CAL-2", CalibratedOn = Day,
        };

        Assert.Multiple(() =>
        {
            Assert.That(calibration.Apply(0.2), Is.EqualTo(0.0).Within(1e-9));
            Assert.That(calibration.Apply(25.2), Is.EqualTo(25.0).Within(1e-9));
            Assert.That(calibration.Apply(12.7), Is.EqualTo(12.5).Within(1e-9));
            Assert.That(calibration.Method, Is.EqualTo(CalibrationMethod.TwoPoint));
        });
    }

    [Test]
    public void A_calibration_without_a_certificate_or_with_half_a_two_point_pair_is_not_usable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new SensorCalibration { Offset = 0.1, CalibratedOn = Day }.Problem(), Does.Contain("CertificateId"));
            Assert.That(new SensorCalibration { Low = new(0, 0), CertificateId = "C", CalibratedOn = Day }.Problem(), Does.Contain("both"));
            Assert.That(new SensorCalibration { Offset = 0.1, CertificateId = "C", CalibratedOn = Day }.Problem(), Is.Null);
        });
    }
}
