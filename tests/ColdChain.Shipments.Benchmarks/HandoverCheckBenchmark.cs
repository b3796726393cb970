using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Platform;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Sensors;
using ColdChain.Platform.Shipments;
using ColdChain.Platform.Shipments.Parties;
using ColdChain.Protocol.Telemetry;
using ColdChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ColdChain.Shipments.Benchmarks;

/// <summary>
/// Handover checks as the order platform makes them (HTTP, API key) against a real platform host: a 48 h leg at
/// 1-minute readings × 4 sensors, and a 10-day shipment of 5 legs (2 days each, 4 sensors at 1 minute: 57,600
/// readings). Each check gathers all evidence, judges it, writes and hashes the document, supersedes the previous
/// check and appends to the audit trail. The baseline from the same run is the bare telemetry-store query of the
/// same readings, leg after leg: the ratio says what the check adds on top of reading the data. On InfluxDB the same
/// queries are also timed answered as JSON (what the store asked for before MessagePack).
/// </summary>
internal static class HandoverCheckBenchmark
{
    private const int SensorsPerAsset = 4;

    public static async Task RunAsync(string storeKind, int iterations)
    {
        using var data = new TempFolder("coldchain-handover-bench");
        InfluxDbServer? influx = null;
        string[] storeArgs = ["--Storage:Kind=Sqlite"];
        if (storeKind == "influx")
        {
            influx = await InfluxDbServer.StartAsync();
            storeArgs = ["--Storage:Kind=Influx", $"--Storage:Influx:Url={influx.Url}", $"--Storage:Influx:Database={InfluxDbServer.NewDatabaseName()}"];
        }

        try
        {
            var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
            string[] assets = ["room-1", "truck-1", "hub-1", "truck-2", "shop-room"];
            var app = PlatformApp.Create(
            [
                "--Embedded:Broker:Enabled=false",
                "--Ingest:Enabled=false",
                "--Alarms:MonitorEnabled=false", // no broker in this benchmark
                "--Security:ApiRequestsPerWindow=1000000",
                "--Logging:LogLevel:Default=Warning",
                .. storeArgs,
                .. assets.SelectMany((a, i) => new[] { $"--Registry:Assets:{i}:Id={a}", $"--Registry:Assets:{i}:Name={a}", $"--Registry:Assets:{i}:Kind={(a.StartsWith("truck", StringComparison.Ordinal) ? "Truck" : "ColdRoom")}", $"--Registry:Assets:{i}:Site=bench" }),
                $"--urls={address}",
                $"--DataDirectory={data.Path}",
            ]);
            await app.StartAsync();
            try
            {
                var now = TimeProvider.System.GetUtcNow();
                now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
                using var http = new HttpClient { BaseAddress = address };
                http.DefaultRequestHeaders.Add(ApiKeys.Header, await SetUpAsync(app, assets, now));

                var store = app.Services.GetRequiredService<ITelemetryStore>();
                using var jsonHttp = new HttpClient();
                var json = influx is null ? null : new InfluxTelemetryStore(jsonHttp, Options.Create(JsonOnly(app.Services.GetRequiredService<IOptions<InfluxStoreOptions>>().Value)));
                await Measure("48 h leg, 1-min readings × 4 sensors (11,520 readings)", "BENCH-48H", http, store, json, [("room-1", now.AddHours(-48))], now, iterations, storeKind, target: 50);
                var tenDays = assets.Select((a, i) => (a, now.AddDays(-10).AddDays(2 * i))).ToArray();
                await Measure("10-day shipment, 5 legs × 2 days × 4 sensors (57,600 readings)", "BENCH-10D", http, store, json, tenDays, now, iterations, storeKind, target: 200);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }
        }
        finally
        {
            if (influx is not null)
            {
                await influx.DisposeAsync();
            }
        }
    }

    private static async Task<string> SetUpAsync(WebApplication app, string[] assets, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.Add(new CustodyParty { Id = "warehouse", Name = "Warehouse" });
        db.Add(new CustodyParty { Id = "carrier", Name = "Carrier" });
        foreach (var asset in assets)
        {
            for (var s = 1; s <= SensorsPerAsset; s++)
            {
                var id = $"{asset}-t{s}";
                db.Add(new Sensor { Id = id, Asset = asset, Kind = "temperature", Serial = "28-" + id });
                db.Add(new CalibrationCertificate { Id = Guid.NewGuid().ToString("N"), Sensor = id, Number = "CAL-" + id, CalibratedOn = now.AddDays(-30).UtcDateTime, DueOn = now.AddDays(300).UtcDateTime, Reference = "Lab" });
            }
        }

        await db.SaveChangesAsync();
        var store = scope.ServiceProvider.GetRequiredService<ITelemetryStore>();
        foreach (var asset in assets)
        {
            // 10 days of 1-minute readings for every asset: each check reads only its legs' windows out of a fuller store.
            for (var day = 0; day < 10; day++)
            {
                var batch = new List<StoredReading>();
                for (var m = 0; m < 24 * 60; m++)
                {
                    var at = now.AddDays(-10 + day).AddMinutes(m);
                    for (var s = 1; s <= SensorsPerAsset; s++)
                    {
                        batch.Add(new StoredReading("bench", "gw-" + asset, asset, $"{asset}-t{s}", Quantity.Temperature, at, 2.5 + (0.5 * Math.Sin(m / 30.0)) + (0.1 * s), ReadingStatus.Ok));
                    }
                }

                await store.WriteAsync(batch, CancellationToken.None);
            }
        }

        var key = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("bench", [Scopes.ShipmentsWrite], null, AuditActor.System, CancellationToken.None);
        return key.Key;
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

    private static async Task Measure(string name, string orderRef, HttpClient http, ITelemetryStore store, ITelemetryStore? json, (string Asset, DateTimeOffset From)[] legs, DateTimeOffset now, int iterations, string storeKind, double target)
    {
        var parties = new[] { "warehouse", "carrier" };
        using (var put = await http.PutAsJsonAsync($"/api/shipments/{orderRef}", new
        {
            product = "benchmark goods",
            profile = "chilled-0-4",
            legs = legs.Select((l, i) => new { asset = l.Asset, custodian = parties[i % 2], from = l.From, to = i + 1 < legs.Length ? legs[i + 1].From : (DateTimeOffset?)null }).ToArray(),
        }))
        {
            put.EnsureSuccessStatusCode();
        }

        var fromParty = parties[(legs.Length - 1) % 2];
        var request = new { at = now, type = "outbound", fromParty, toParty = parties[legs.Length % 2], nextAsset = "room-1" };
        var checks = new List<double>(iterations);
        var baseline = new List<double>(iterations);
        var jsonBaseline = new List<double>(iterations);
        string verdict = string.Empty;
        for (var i = -5; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync($"/api/shipments/{orderRef}/handover-checks", request);
            response.EnsureSuccessStatusCode();
            var elapsed = watch.Elapsed.TotalMilliseconds;
            verdict = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("verdict").GetString()!;

            var query = await QueryLegsAsync(store, legs, now);
            var jsonQuery = json is null ? 0 : await QueryLegsAsync(json, legs, now);
            if (i >= 0)
            {
                checks.Add(elapsed);
                baseline.Add(query);
                jsonBaseline.Add(jsonQuery);
            }
        }

        var p50 = Percentile(checks, 0.50);
        var p99 = Percentile(checks, 0.99);
        var b50 = Percentile(baseline, 0.50);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{storeKind,-6}] {name}: handover check p50 {p50:0.0} ms, p99 {p99:0.0} ms (target p99 < {target:0} ms: {(p99 < target ? "met" : "MISSED")}); store query alone p50 {b50:0.0} ms, p99 {Percentile(baseline, 0.99):0.0} ms; check/query p50 ratio {p50 / b50:0.00}; verdict {verdict}; n = {checks.Count}"));
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
