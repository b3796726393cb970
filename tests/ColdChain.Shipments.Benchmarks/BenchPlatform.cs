using System.Globalization;
using ColdChain.Ingest.Storage;
using ColdChain.Platform;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Sensors;
using ColdChain.Platform.Shipments.Parties;
using ColdChain.Protocol.Telemetry;
using ColdChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Shipments.Benchmarks;

/// <summary>
/// A real platform host on SQLite or a real influxd, with assets of 4 calibrated sensors each holding <c>days</c> of
/// 1-minute readings up to <see cref="Now"/>, two custody parties and the order platform's API key on <see cref="Http"/>.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    public const int SensorsPerAsset = 4;

    private readonly TempFolder _data;
    private readonly InfluxDbServer? _influx;

    private BenchPlatform(TempFolder data, InfluxDbServer? influx, WebApplication app, HttpClient http, DateTimeOffset now)
    {
        _data = data;
        _influx = influx;
        App = app;
        Http = http;
        Now = now;
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    /// <summary>The whole minute the data ends at.</summary>
    public DateTimeOffset Now { get; }

    public ITelemetryStore Store => App.Services.GetRequiredService<ITelemetryStore>();

    public static async Task<BenchPlatform> StartAsync(string storeKind, string[] assets, int days, params string[] args)
    {
        var data = new TempFolder("coldchain-shipments-bench");
        InfluxDbServer? influx = null;
        string[] storeArgs = ["--Storage:Kind=Sqlite"];
        if (storeKind == "influx")
        {
            influx = await InfluxDbServer.StartAsync(snapshotColdAfter: TimeSpan.FromSeconds(1));
            storeArgs = ["--Storage:Kind=Influx", $"--Storage:Influx:Url={influx.Url}", $"--Storage:Influx:Database={InfluxDbServer.NewDatabaseName()}"];
        }

        var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
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
            .. args,
        ]);
        await app.StartAsync();
        var now = TimeProvider.System.GetUtcNow();
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add(ApiKeys.Header, await SetUpAsync(app, assets, days, now));

        // Read the readings from where production reads all but the last minutes of a leg: TSM files, not the cache.
        if (influx is not null)
        {
            await influx.WaitForSnapshotAsync(TimeSpan.FromMinutes(2));
        }

        return new BenchPlatform(data, influx, app, http, now);
    }

    private static async Task<string> SetUpAsync(WebApplication app, string[] assets, int days, DateTimeOffset now)
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
            // Every asset's whole period of 1-minute readings: each check reads only its legs' windows out of a fuller store.
            for (var day = 0; day < days; day++)
            {
                var batch = new List<StoredReading>();
                for (var m = 0; m < 24 * 60; m++)
                {
                    var at = now.AddDays(-days + day).AddMinutes(m);
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_influx is not null)
        {
            await _influx.DisposeAsync();
        }

        _data.Dispose();
    }
}
