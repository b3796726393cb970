using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Platform.Shipments.Handovers;
using ColdChain.Platform.Shipments.Notifications;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ColdChain.Shipments.Benchmarks;

/// <summary>
/// Handover checks as the order platform makes them (HTTP, API key) against a real platform host: a 48 h leg at
/// 1-minute readings × 4 sensors, and a 10-day shipment of 5 legs (2 days each, 4 sensors at 1 minute: 57,600
/// readings). Each check gathers all evidence, judges it, writes and hashes the document, supersedes the previous
/// check and appends to the audit trail. The baseline from the same run is the bare telemetry-store query of the
/// same readings, leg after leg: the ratio says what the check adds on top of reading the data. On InfluxDB the same
/// queries are also timed answered as JSON (what the store asked for before MessagePack). The baselines run after the
/// checks, so that their garbage is not collected on the checks' time. Each shape is timed cold (the leg-readings
/// cache emptied before every check: every leg read in full, as right after a restart) and warm (after a pass of the
/// transit watch, which keeps the open legs' readings: a check counts the part read before and reads the rest).
/// </summary>
internal static class HandoverCheckBenchmark
{
    /// <summary>Checks before measuring: a running platform has long since compiled its hot paths at full optimisation.</summary>
    private const int WarmUp = 5;

    public static async Task RunAsync(string storeKind, int iterations)
    {
        string[] assets = ["room-1", "truck-1", "hub-1", "truck-2", "shop-room"];
        await using var bench = await BenchPlatform.StartAsync(storeKind, assets, days: 10);
        var now = bench.Now;
        using var jsonHttp = new HttpClient();
        var json = storeKind == "influx" ? new InfluxTelemetryStore(jsonHttp, Options.Create(JsonOnly(bench.App.Services.GetRequiredService<IOptions<InfluxStoreOptions>>().Value))) : null;
        var cache = bench.App.Services.GetRequiredService<LegReadingsCache>();
        var watch = bench.App.Services.GetRequiredService<TransitBudgetWatch>();
        var tenDays = assets.Select((a, i) => (a, now.AddDays(-10).AddDays(2 * i))).ToArray();
        Shape[] shapes =
        [
            new("48 h leg, 1-min readings × 4 sensors (11,520 readings)", "BENCH-48H", [("room-1", now.AddHours(-48))], 50),
            new("10-day shipment, 5 legs × 2 days × 4 sensors (57,600 readings)", "BENCH-10D", tenDays, 200),
        ];
        foreach (var shape in shapes)
        {
            await RegisterAsync(bench.Http, shape);
        }

        // Cold: no leg read before (a platform just started), every check reads every leg in full. Warm: the transit
        // watch has passed over the open legs, as it does every minute, and checks confirm what it read with a count.
        foreach (var shape in shapes)
        {
            await Measure(shape, "cold", bench.Http, bench.Store, json, now, iterations, storeKind, before: cache.Clear);
        }

        await watch.ScanAsync(CancellationToken.None);
        foreach (var shape in shapes)
        {
            await Measure(shape, "warm", bench.Http, bench.Store, json, now, iterations, storeKind, before: null);
        }
    }

    private sealed record Shape(string Name, string OrderRef, (string Asset, DateTimeOffset From)[] Legs, double Target);

    private static async Task RegisterAsync(HttpClient http, Shape shape)
    {
        var parties = new[] { "warehouse", "carrier" };
        var legs = shape.Legs;
        using var put = await http.PutAsJsonAsync($"/api/shipments/{shape.OrderRef}", new
        {
            product = "benchmark goods",
            profile = "chilled-0-4",
            legs = legs.Select((l, i) => new { asset = l.Asset, custodian = parties[i % 2], from = l.From, to = i + 1 < legs.Length ? legs[i + 1].From : (DateTimeOffset?)null }).ToArray(),
        });
        put.EnsureSuccessStatusCode();
    }

    /// <summary>The same InfluxDB settings answering JSON, as before MessagePack: the other baseline of the same run.</summary>
    private static InfluxStoreOptions JsonOnly(InfluxStoreOptions o) => new()
    {
        Url = o.Url, Database = o.Database, Username = o.Username, Password = o.Password, Token = o.Token, CreateDatabase = false, Timeout = o.Timeout, MessagePack = false,
    };

    /// <summary>The legs' readings one query after another, as a check did before it asked for them all at once.</summary>
    private static async Task<double> QueryLegsAsync(ITelemetryStore store, (string Asset, DateTimeOffset From)[] legs, DateTimeOffset now)
    {
        var watch = Stopwatch.StartNew();
        for (var l = 0; l < legs.Length; l++)
        {
            var to = l + 1 < legs.Length ? legs[l + 1].From : now;
            await store.QueryAsync(new ReadingQuery(legs[l].Asset, legs[l].From, to, Quantity.Temperature), CancellationToken.None);
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static readonly LegReadOutcomes Outcomes = new();

    private static async Task Measure(Shape shape, string mode, HttpClient http, ITelemetryStore store, ITelemetryStore? json, DateTimeOffset now, int iterations, string storeKind, Action? before)
    {
        var (name, orderRef, legs, target) = (shape.Name + ", " + mode, shape.OrderRef, shape.Legs, shape.Target);
        var parties = new[] { "warehouse", "carrier" };
        var fromParty = parties[(legs.Length - 1) % 2];
        var request = new { at = now, type = "outbound", fromParty, toParty = parties[legs.Length % 2], nextAsset = "room-1" };
        var checks = new List<double>(iterations);
        string verdict = string.Empty;
        var collections = new int[3];
        var paused = TimeSpan.Zero;
        for (var i = -WarmUp; i < iterations; i++)
        {
            if (i == 0)
            {
                collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
                paused = GC.GetTotalPauseDuration();
                Outcomes.Reset();
            }

            before?.Invoke();
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync($"/api/shipments/{orderRef}/handover-checks", request);
            response.EnsureSuccessStatusCode();
            var elapsed = watch.Elapsed.TotalMilliseconds;
            verdict = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("verdict").GetString()!;
            if (i >= 0)
            {
                checks.Add(elapsed);
            }
        }

        var checkCollections = new[] { GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2] };
        var checkPaused = GC.GetTotalPauseDuration() - paused;
        var legReads = Outcomes.ToString();

        // The baselines after the checks, not between them: their garbage would otherwise be collected on the checks' time.
        var baseline = new List<double>(iterations);
        var jsonBaseline = new List<double>(iterations);
        for (var i = -WarmUp; i < iterations; i++)
        {
            var query = await QueryLegsAsync(store, legs, now);
            var jsonQuery = json is null ? 0 : await QueryLegsAsync(json, legs, now);
            if (i >= 0)
            {
                baseline.Add(query);
                jsonBaseline.Add(jsonQuery);
            }
        }

        var p50 = Percentile(checks, 0.50);
        var p99 = Percentile(checks, 0.99);
        var b50 = Percentile(baseline, 0.50);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{storeKind,-6}] {name}: handover check p50 {p50:0.0} ms, p99 {p99:0.0} ms (target p99 < {target:0} ms: {(p99 < target ? "met" : "MISSED")}); store query alone p50 {b50:0.0} ms, p99 {Percentile(baseline, 0.99):0.0} ms; check/query p50 ratio {p50 / b50:0.00}; verdict {verdict}; n = {checks.Count}"));
        // The platform runs in this process: these are its collections.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{storeKind,-6}]   garbage collections during the measured checks: gen0 {checkCollections[0]}, gen1 {checkCollections[1]}, gen2 {checkCollections[2]}; paused {checkPaused.TotalMilliseconds:0} ms in all; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC; leg reads: {legReads}"));
        if (json is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{storeKind,-6}]   same queries answered as JSON: p50 {Percentile(jsonBaseline, 0.50):0.0} ms, p99 {Percentile(jsonBaseline, 0.99):0.0} ms; MessagePack/JSON p50 ratio {b50 / Percentile(jsonBaseline, 0.50):0.00}"));
        }
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
