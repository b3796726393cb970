using System.Globalization;
using ColdChain.Edge.Benchmarks;

// dotnet run -c Release --project tests/ColdChain.Edge.Benchmarks -- [drain] [footprint [minutes]]
// Both by default; the footprint window is 3 minutes unless given (the 10 minutes: pass 10).
var which = args.Length == 0 ? ["drain", "footprint"] : args;
if (which.Contains("drain"))
{
    await DrainBenchmark.RunAsync();
}

if (which.Contains("footprint"))
{
    var index = Array.IndexOf(which, "footprint");
    var minutes = index + 1 < which.Length && double.TryParse(which[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : 3;
    await FootprintBenchmark.RunAsync(TimeSpan.FromMinutes(minutes));
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores; other builds may run at the same time on shared machines");
