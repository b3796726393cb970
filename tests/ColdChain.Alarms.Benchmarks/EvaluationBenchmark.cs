using BenchmarkDotNet.Attributes;
using ColdChain.Ingest.Alarms;
using ColdChain.Platform.Alarms.Monitoring;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Alarms.Benchmarks;

/// <summary>What one reading costs the rules: one sensor alone, and inside a 100-reading batch through the engine (per reading).</summary>
[MemoryDiagnoser]
public class EvaluationBenchmark
{
    private const int BatchSize = 100;
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly AlarmProfile Chilled = new() { Low = 0, High = 4, ExcursionBudget = TimeSpan.FromMinutes(60), MaxRatePerMinute = 1 };

    private SensorAlarmEvaluator _evaluator = null!;
    private AlarmEngine _engine = null!;
    private long _tick;

    [GlobalSetup]
    public void Setup()
    {
        _evaluator = new SensorAlarmEvaluator("t1", Chilled);
        _engine = new AlarmEngine(_ => Chilled, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
    }

    /// <summary>All rules on (limits, warnings, hysteresis, rate, prediction, budget) for one in-range reading.</summary>
    [Benchmark(Baseline = true)]
    public int OneReading()
    {
        var at = T0.AddSeconds(++_tick);
        return _evaluator.ObserveTemperature(at, 2.0 + ((_tick % 7) * 0.1), ReadingStatus.Ok, at).Count;
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int BatchThroughEngine()
    {
        var at = T0.AddSeconds(++_tick);
        var batch = new TelemetryBatch
        {
            Site = "site",
            Gateway = "gw",
            Seq = _tick,
            SentAt = at,
            Readings = [.. Enumerable.Range(0, BatchSize).Select(i => new Reading { Sensor = $"s{i}", Asset = "room", Time = at, Quantity = Quantity.Temperature, Unit = QuantityExtensions.Celsius, Value = 2.5, Status = ReadingStatus.Ok })],
        };
        return _engine.ObserveTelemetry(batch, at).Count;
    }
}
