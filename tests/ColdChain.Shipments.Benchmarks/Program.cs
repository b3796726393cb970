using System.Globalization;
using ColdChain.Shipments.Benchmarks;

// ./build.sh bench handovers [sqlite] [influx] [--iterations N]
// Both stores by default; 100 measured checks per scenario after 5 warm-up checks.
var stores = args.Where(a => a is "sqlite" or "influx").ToList();
if (stores.Count == 0)
{
    stores = ["sqlite", "influx"];
}

var index = Array.IndexOf(args, "--iterations");
var iterations = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 100;
foreach (var store in stores)
{
    await HandoverCheckBenchmark.RunAsync(store, iterations);
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores; other builds may run at the same time on shared machines");
