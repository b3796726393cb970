using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Shipments.Notifications;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Shipments.Benchmarks;

/// <summary>
/// The in-transit budget watch over many open shipments: each has been in a truck for 24 h (1-minute readings × 4
/// sensors), ten shipments to a truck, none over budget, so every pass judges them all and notifies nobody. Passes are
/// timed as the watch makes them (<see cref="TransitBudgetWatch.ScanAsync"/>): the first judges every leg from its
/// start, the later ones only what was measured since. The baseline from the same run is the bare telemetry-store
/// queries of the same legs, one after another: what every pass cost before the watch was incremental.
/// </summary>
internal static class TransitWatchBenchmark
{
    private const int ShipmentsPerTruck = 10;

    public static async Task RunAsync(string storeKind, int shipments, int passes)
    {
        var trucks = Enumerable.Range(1, Math.Max(1, shipments / ShipmentsPerTruck)).Select(i => $"truck-{i}").ToArray();
        await using var bench = await BenchPlatform.StartAsync(storeKind, trucks, days: 1, "--Shipments:TransitWatchInterval=1.00:00:00");
        var from = bench.Now.AddDays(-1);
        for (var i = 0; i < shipments; i++)
        {
            using var put = await bench.Http.PutAsJsonAsync($"/api/shipments/WATCH-{i}", new
            {
                product = "benchmark goods",
                profile = "chilled-0-4",
                legs = new[] { new { asset = trucks[i % trucks.Length], custodian = "carrier", from, to = (DateTimeOffset?)null } },
            });
            put.EnsureSuccessStatusCode();
        }

        var watch = bench.App.Services.GetRequiredService<TransitBudgetWatch>();
        var scans = new List<double>(passes);
        var queries = new List<double>(passes);
        for (var pass = 0; pass < passes; pass++)
        {
            var clock = Stopwatch.StartNew();
            var notified = await watch.ScanAsync(CancellationToken.None);
            scans.Add(clock.Elapsed.TotalSeconds);
            if (notified.Count > 0)
            {
                throw new InvalidOperationException($"the benchmark's shipments are within budget, yet {notified.Count} were notified");
            }

            clock.Restart();
            for (var i = 0; i < shipments; i++)
            {
                await bench.Store.QueryAsync(new ReadingQuery(trucks[i % trucks.Length], from, bench.Now, Quantity.Temperature), CancellationToken.None);
            }

            queries.Add(clock.Elapsed.TotalSeconds);
        }

        var later = scans.Skip(1).Order().ToList();
        var median = later.Count > 0 ? later[later.Count / 2] : scans[0];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{storeKind,-6}] transit watch, {shipments} open shipments (24 h × {BenchPlatform.SensorsPerAsset} sensors at 1 min each, {ShipmentsPerTruck} to a truck): first pass {scans[0]:0.00} s; later passes median {median:0.00} s, max {scans.Skip(1).DefaultIfEmpty(scans[0]).Max():0.00} s ({1000 * median / shipments:0.0} ms a shipment; {100 * median / 60:0.0} % of the default 1-min interval); the store queries alone median {queries.Order().ElementAt(queries.Count / 2):0.00} s; passes = {passes}"));
    }
}
