using System.Diagnostics;
using System.Globalization;
using ColdChain.Ingest.Storage;
using ColdChain.Platform;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Registry;
using ColdChain.Platform.Reports.Building;
using ColdChain.Protocol.Telemetry;
using ColdChain.Testing;
using Microsoft.Extensions.DependencyInjection;

// ./build.sh bench reports (or: dotnet run -c Release --project tests/ColdChain.Reports.Benchmarks)
// The real platform (SQLite telemetry and database) on a loopback port; documents fetched over HTTP as a client would,
// so each figure includes reading the store, rendering, hashing, signing and the audit entry. The baseline is reading
// the same readings from the store alone (one day per query, as the reports do), in the same run.
var inv = CultureInfo.InvariantCulture;
using var data = new TempFolder("coldchain-report-bench");
var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(inv)}");
await using var app = PlatformApp.Create(["--Embedded:Broker:Enabled=false", "--Ingest:Enabled=false", "--Alarms:MonitorEnabled=false", "--Logging:LogLevel:Default=Warning",
    "--Security:ApiRequestsPerWindow=100000", $"--urls={address}", $"--DataDirectory={data.Path}"]);
await app.StartAsync();

var month = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
var year = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
string key;
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
    db.Sites.Add(new Site { Id = "bench", Name = "Bench DC", TimeZone = "Asia/Shanghai" });
    db.Assets.Add(new Asset { Id = "room-month", Name = "Room (30 days, 3 sensors)", Kind = AssetKind.ColdRoom, Site = "bench" });
    db.Assets.Add(new Asset { Id = "room-year", Name = "Room (1 year, 1 sensor)", Kind = AssetKind.ColdRoom, Site = "bench" });
    await db.SaveChangesAsync();
    key = (await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("bench", [Scopes.ReportsRead], null, AuditActor.System, CancellationToken.None)).Key;
}

var store = app.Services.GetRequiredService<ITelemetryStore>();
var seeding = Stopwatch.StartNew();
await SeedAsync(store, "room-month", ["t1", "t2", "t3"], month, month.AddDays(30));
await SeedAsync(store, "room-year", ["t1"], year, year.AddYears(1));
Console.WriteLine($"seeded 30 d x 3 sensors and 365 d x 1 sensor of 1-minute readings into SQLite in {seeding.Elapsed.TotalSeconds:0.0} s");

using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
http.DefaultRequestHeaders.Add(ApiKeys.Header, key);
var period = $"from={month.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={month.AddDays(30).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}&profile=chilled-0-4";

var baseline = await MedianAsync(async () =>
{
    var count = 0;
    await foreach (var _ in ReadingPages.ReadAsync(store, "room-month", month, month.AddDays(30), CancellationToken.None))
    {
        count++;
    }

    return count;
});
Console.WriteLine($"baseline: read 129,600 readings from the store        {baseline.Seconds,7:0.000} s");

// The CSV writer alone, readings already in memory: what rendering costs apart from the store.
var inMemory = new List<StoredReading>();
await foreach (var r in ReadingPages.ReadAsync(store, "room-month", month, month.AddDays(30), CancellationToken.None))
{
    inMemory.Add(r);
}

var csvOnly = await MedianAsync(async () =>
{
    var context = new ReportContext(
        new ColdChain.Platform.Reports.ReportScope(ColdChain.Platform.Reports.ReportScopeKind.Asset, "room-month", "Room", "bench", [new ColdChain.Platform.Reports.CustodySegment("room-month", month, month.AddDays(30))]),
        "Bench DC", TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new ColdChain.Platform.Reports.ReportProfile("chilled-0-4", "Chilled", 0, 4, 0.5),
        new ColdChain.Platform.Reports.ReportIssue("BENCH-00000", month, "bench", "en"),
        new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<ColdChain.Platform.Sensors.CalibrationCertificate>>());
    await ColdChain.Platform.Reports.Csv.ReportCsv.WriteAsync(context, new ListStore(inMemory), Stream.Null, CancellationToken.None);
    return inMemory.Count;
});
Console.WriteLine($"csv writer alone, 129,600 readings in memory          {csvOnly.Seconds,7:0.000} s");
foreach (var format in new[] { "csv", "pdf", "epcis" })
{
    foreach (var lang in format == "pdf" ? new[] { "en", "zh-CN" } : ["en"])
    {
        var result = await MedianAsync(async () =>
        {
            using var response = await http.GetAsync($"/api/reports/assets/room-month?{period}&format={format}&lang={lang}");
            response.EnsureSuccessStatusCode();
            return (int)(await response.Content.ReadAsByteArrayAsync()).Length;
        });
        Console.WriteLine($"30 d x 3 sensors as {format,-5} {lang,-5} ({result.Value / 1e6,6:0.00} MB)     {result.Seconds,7:0.000} s   {result.Seconds / baseline.Seconds,5:0.0} x baseline");
    }
}

// One year of one sensor as CSV: the process's working set sampled while the document is produced and downloaded.
using var process = Process.GetCurrentProcess();
GC.Collect();
process.Refresh();
var before = process.WorkingSet64;
long peak = before;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        await Task.Delay(20);
    }
});
var yearWatch = Stopwatch.StartNew();
long yearBytes = 0;
using (var response = await http.GetAsync($"/api/reports/assets/room-year?from={year.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={year.AddYears(1).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}&format=csv&profile=chilled-0-4", HttpCompletionOption.ResponseHeadersRead))
{
    response.EnsureSuccessStatusCode();
    await using var body = await response.Content.ReadAsStreamAsync();
    var buffer = new byte[81920];
    int read;
    while ((read = await body.ReadAsync(buffer)) > 0)
    {
        yearBytes += read;
    }
}

await sampling.CancelAsync();
await sampler;
Console.WriteLine($"365 d x 1 sensor as csv ({yearBytes / 1e6:0.0} MB, 525,600 rows) in {yearWatch.Elapsed.TotalSeconds:0.0} s; working set {before / 1e6:0} MB before, peak {peak / 1e6:0} MB (+{(peak - before) / 1e6:0} MB)");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores; other builds may run at the same time on shared machines");
await app.StopAsync();

static async Task SeedAsync(ITelemetryStore store, string asset, string[] sensors, DateTimeOffset from, DateTimeOffset to)
{
    var batch = new List<StoredReading>(10_000);
    for (var at = from; at < to; at = at.AddMinutes(1))
    {
        for (var s = 0; s < sensors.Length; s++)
        {
            var minute = (at - from).TotalMinutes;
            var value = Math.Round(2.5 + Math.Sin((minute / 90) + s) + (minute % 10_000 is > 5000 and < 5040 ? 3 : 0), 2);
            batch.Add(new StoredReading("bench", "gw-bench", asset, sensors[s], Quantity.Temperature, at, value, ReadingStatus.Ok));
        }

        if (batch.Count >= 10_000)
        {
            await store.WriteAsync(batch, CancellationToken.None);
            batch.Clear();
        }
    }

    await store.WriteAsync(batch, CancellationToken.None);
}

static async Task<(double Seconds, int Value)> MedianAsync(Func<Task<int>> run)
{
    await run(); // warm-up: JIT, fonts, SQLite page cache
    var runs = new List<(double Seconds, int Value)>();
    for (var i = 0; i < 3; i++)
    {
        var watch = Stopwatch.StartNew();
        var value = await run();
        runs.Add((watch.Elapsed.TotalSeconds, value));
    }

    return runs.OrderBy(r => r.Seconds).ElementAt(1);
}

internal sealed class ListStore(List<StoredReading> readings) : ITelemetryStore
{
    public Task WriteAsync(IReadOnlyCollection<StoredReading> batch, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredReading>>(readings.Where(r => r.Asset == query.Asset && r.Time >= query.From && r.Time < query.To).ToList());
}
