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

    [Test]
    public async Task Each_sensor_is_read_on_its_own_interval()
    {
        var fast = new ScriptedSensor(Measurement.Ok("fast", Quantity.Temperature, 3));
        var slow = new ScriptedSensor(Measurement.Ok("slow", Quantity.Temperature, 3));
        var plan = new SamplingPlan
        {
            SampleInterval = TimeSpan.FromSeconds(10),
            SampleIntervals = new Dictionary<string, TimeSpan> { ["fast"] = TimeSpan.FromSeconds(10), ["slow"] = TimeSpan.FromSeconds(30) },
        };
        var sampler = new SensorSampler([new SensorBinding(fast, "room") { Id = "fast" }, new SensorBinding(slow, "room") { Id = "slow" }], [], plan, _time);

        var readings = await Rounds(sampler, 12, TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(fast.Calls, Is.EqualTo(12));
            Assert.That(slow.Calls, Is.EqualTo(4), "every third tick of two minutes");
            Assert.That(readings.Where(r => r.Sensor == "slow").Select(r => r.Time - GatewayHarness.Morning),
                Is.EqualTo(new[] { 0, 30, 60, 90 }.Select(s => TimeSpan.FromSeconds(s))));
        });
    }

    [Test]
    public async Task A_sensor_read_every_five_minutes_is_read_and_recorded_every_out_of_range_interval_while_out_of_range()
    {
        // GSP: while out of range, recorded at least every 2 minutes whatever the normal interval; here that interval is 1 minute.
        var sensor = new ScriptedSensor(Measurement.Ok("t1", Quantity.Temperature, 3), Measurement.Ok("t1", Quantity.Temperature, 9));
        var plan = new SamplingPlan
        {
            SampleInterval = TimeSpan.FromSeconds(30),
            OutOfRangeRecordInterval = TimeSpan.FromMinutes(1),
            SampleIntervals = new Dictionary<string, TimeSpan> { ["t1"] = TimeSpan.FromMinutes(5) },
            RecordIntervals = new Dictionary<string, TimeSpan> { ["t1"] = TimeSpan.FromMinutes(30) },
            Assets = new Dictionary<string, AssetLimits> { ["room"] = new("room") { MaxCelsius = 8 } },
        };
        var sampler = new SensorSampler([new SensorBinding(sensor, "room") { Id = "t1" }], [], plan, _time);

        var recorded = await Rounds(sampler, 20, TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(recorded.Select(r => (r.Time - GatewayHarness.Morning, r.Status)), Is.EqualTo(new[]
            {
                (TimeSpan.Zero, ReadingStatus.Ok),
                (TimeSpan.FromMinutes(5), ReadingStatus.OutOfRange),
                (TimeSpan.FromMinutes(6), ReadingStatus.OutOfRange),
                (TimeSpan.FromMinutes(7), ReadingStatus.OutOfRange),
                (TimeSpan.FromMinutes(8), ReadingStatus.OutOfRange),
                (TimeSpan.FromMinutes(9), ReadingStatus.OutOfRange),
            }));
            Assert.That(sensor.Calls, Is.EqualTo(6), "read at 0 and 5 min, then every minute while out of range");
        });
    }

    [Test]
    public async Task A_record_interval_set_on_a_sensor_overrides_its_assets()
    {
        var own = new ScriptedSensor(Measurement.Ok("own", Quantity.Temperature, 3));
        var other = new ScriptedSensor(Measurement.Ok("other", Quantity.Temperature, 3));
        var plan = new SamplingPlan
        {
            SampleInterval = TimeSpan.FromMinutes(1),
            RecordIntervals = new Dictionary<string, TimeSpan> { ["own"] = TimeSpan.FromMinutes(2) },
            Assets = new Dictionary<string, AssetLimits> { ["room"] = new("room") { RecordInterval = TimeSpan.FromMinutes(5) } },
        };
        var sampler = new SensorSampler([new SensorBinding(own, "room"), new SensorBinding(other, "room")], [], plan, _time);

        var recorded = await Rounds(sampler, 10, TimeSpan.FromMinutes(1));

        Assert.Multiple(() =>
        {
            Assert.That(recorded.Count(r => r.Sensor == "own"), Is.EqualTo(5));
            Assert.That(recorded.Count(r => r.Sensor == "other"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task The_cab_alarms_see_the_latest_reading_of_every_sensor_also_in_rounds_that_did_not_read_it()
    {
        var slow = new ScriptedSensor(Measurement.Ok("slow", Quantity.Temperature, 9));
        var plan = new SamplingPlan { SampleInterval = TimeSpan.FromSeconds(10), SampleIntervals = new Dictionary<string, TimeSpan> { ["slow"] = TimeSpan.FromMinutes(1) } };
        var sampler = new SensorSampler([new SensorBinding(slow, "room") { Id = "slow" }], [], plan, _time);

        await Rounds(sampler, 2, TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(slow.Calls, Is.EqualTo(1));
            Assert.That(sampler.Latest.Select(r => (r.Sensor, r.Value)), Is.EqualTo(new[] { ("slow", (double?)9) }));
        });
    }

    private async Task<List<Reading>> Rounds(SensorSampler sampler, int rounds, TimeSpan tick)
    {
        var recorded = new List<Reading>();
        for (var i = 0; i < rounds; i++)
        {
            recorded.AddRange((await sampler.SampleAsync(CancellationToken.None)).Readings);
            _time.Advance(tick);
        }

        return recorded;
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

        public int Calls => _next;

        public Task<IReadOnlyList<Measurement>> MeasureAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Measurement>>([script[Math.Min(_next++, script.Length - 1)]]);
    }
}
