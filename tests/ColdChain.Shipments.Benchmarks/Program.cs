using System.Globalization;
using ColdChain.Shipments.Benchmarks;

// ./build.sh bench handovers [watch] [sqlite] [influx] [--iterations N] [--shipments N]
// Both stores by default. Handover checks: 100 measured checks per scenario after 5 warm-up checks. With "watch":
// the in-transit budget watch over 500 open shipments, 5 passes.
var stores = args.Where(a => a is "sqlite" or "influx").ToList();
if (stores.Count == 0)
{
    stores = ["sqlite", "influx"];
}

var iterations = Option("--iterations", 100);
foreach (var store in stores)
{
    if (args.Contains("watch"))
    {
        await TransitWatchBenchmark.RunAsync(store, Option("--shipments", 500), passes: Math.Min(iterations, 5));
    }
    else
    {
        await HandoverCheckBenchmark.RunAsync(store, iterations);
    }
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores; other builds may run at the same time on shared machines");

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
