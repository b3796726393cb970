using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ColdChain.Alarms.Benchmarks;

// ./build.sh bench alarms [latency|evaluate|all] [--seconds 60]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var secondsAt = Array.IndexOf(args, "--seconds");
var seconds = secondsAt >= 0 && secondsAt + 1 < args.Length ? int.Parse(args[secondsAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 60;

if (mode is "latency" or "all")
{
    await CabLatencyBenchmark.RunAsync(TimeSpan.FromSeconds(seconds));
}

if (mode is "evaluate" or "all")
{
    // In-process: a separate build of the whole platform for BenchmarkDotNet takes longer than its build timeout here.
    BenchmarkRunner.Run<EvaluationBenchmark>(DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10)));
}
