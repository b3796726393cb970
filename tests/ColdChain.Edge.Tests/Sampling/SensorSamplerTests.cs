using ColdChain.Edge.Calibration;
using ColdChain.Edge.Sampling;
using ColdChain.Edge.Tests.Support;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Sampling;

public sealed class SensorSamplerTests
{
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void StartClock() => _time = new FakeTimeProvider(GatewayHarness.Morning);

    [Test]
    public async Task A_faulted_sensor_yields_a_sensor_fault_reading_without_a_value_and_one_event_per_episode_then_a_recovery()
    {
        var sensor = new ScriptedSensor(Measurement.Ok("t1", Quantity.Temperature, 3), Measurement.Faulted("t1", Quantity.Temperature, "CRC"),
            Measurement.Faulted("t1", Quantity.Temperature, "CRC"), Measurement.Ok("t1", Quantity.Temperature, 3.5));
        var sampler = new SensorSampler([new SensorBinding(sensor, "room")], [], new SamplingPlan(), _time);

        var samples = new List<SensorSample>();
        for (var i = 0; i < 4; i++)
        {
            samples.Add(await sampler.SampleAsync(CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Multiple(() =>
        {
            Assert.That(samples.Select(s => s.Readings.Single().Status), Is.EqualTo(new[] { ReadingStatus.Ok, ReadingStatus.SensorFault, ReadingStatus.SensorFault, ReadingStatus.Ok }));
            Assert.That(samples[1].Readings.Single().Value, Is.Null, "never the last good value");
            Assert.That(samples.SelectMany(s => s.Events).Select(e => (e.Type, e.Sensor, e.Asset)), Is.EqualTo(new[]
            {
                (GatewayEventType.SensorFault, (string?)"t1", (string?)"room"),
                (GatewayEventType.SensorRecovered, "t1", "room"),
            }));
        });
    }

    [Test]
    public async Task Readings_are_calibrated_and_judged_against_their_asset_range_after_calibration()
    {
        var sensor = new ScriptedSensor(Measurement.Ok("t1", Quantity.Temperature, 8.05));
        var plan = new SamplingPlan
        {
            Assets = new Dictionary<string, AssetLimits> { ["room"] = new("room") { MinCelsius = 2, MaxCelsius = 8 } },
            Calibrations = new Dictionary<string, SensorCalibration> { ["t1"] = new() { Offset = -0.1, CertificateId = "C", CalibratedOn = new(2026, 1, 1) } },
        };
        var sampler = new SensorSampler([new SensorBinding(sensor, "room")], [], plan, _time);

        var reading = (await sampler.SampleAsync(CancellationToken.None)).Readings.Single();

        Assert.Multiple(() =>
        {
            Assert.That(reading.Value, Is.EqualTo(7.95));
            Assert.That(reading.Status, Is.EqualTo(ReadingStatus.Ok), "7.95 after calibration is inside 2–8 °C");
            Assert.That(reading.Time, Is.EqualTo(GatewayHarness.Morning), "stamped when measured");
        });
    }

    [Test]
    public async Task A_reading_outside_its_asset_range_is_out_of_range()
    {
        var sensor = new ScriptedSensor(Measurement.Ok("t1", Quantity.Temperature, 9));
        var plan = new SamplingPlan { Assets = new Dictionary<string, AssetLimits> { ["room"] = new("room") { MaxCelsius = 8 } } };
        var sampler = new SensorSampler([new SensorBinding(sensor, "room")], [], plan, _time);

        Assert.That((await sampler.SampleAsync(CancellationToken.None)).Readings.Single().Status, Is.EqualTo(ReadingStatus.OutOfRange));
    }

    [Test]
    public async Task A_driver_that_throws_faults_its_own_readings_and_the_other_sensors_still_read()
    {
        var broken = new SensorBinding(new ThrowingSensor(), "room", [("t2", Quantity.Temperature), ("h2", Quantity.Humidity)]);
        var good = new SensorBinding(new ScriptedSensor(Measurement.Ok("t1", Quantity.Temperature, 3)), "room");
        var sampler = new SensorSampler([broken, good], [], new SamplingPlan(), _time);

        var sample = await sampler.SampleAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(sample.Readings.Select(r => (r.Sensor, r.Status, r.Value)), Is.EqualTo(new[]
            {
                ("t2", ReadingStatus.SensorFault, (double?)null), ("h2", ReadingStatus.SensorFault, null), ("t1", ReadingStatus.Ok, 3),
            }));
            Assert.That(sample.Events.Select(e => e.Detail), Is.All.Contains("Permission denied"));
        });
    }

    private sealed class ThrowingSensor : IMeasuringSensor
    {
        public Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken cancellationToken) =>
            throw new UnauthorizedAccessException("Permission denied: /dev/i2c-1");
    }

    /// <summary>Answers each round with the next scripted measurement (the last one repeats).</summary>
    private sealed class ScriptedSensor(params Measurement[] script) : IMeasuringSensor
    {
        private int _next;

        public Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Measurement>>([script[Math.Min(_next++, script.Length - 1)]]);
    }
}
