using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Ingest.Storage;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using ColdChain.Protocol.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Platform.Tests.Shipments;

/// <summary>
/// A warehouse (party <c>warehouse-north</c>, cold room <c>room-1</c>) hands a chilled 0–4 °C shipment to a carrier
/// (party <c>carrier-east</c>, truck <c>truck-01</c>): registered sensors with certificates in force, one signer per
/// party, the order platform's API key, readings written straight to the telemetry store.
/// </summary>
internal sealed class ShipmentScenario : IAsyncDisposable
{
    public const string Warehouse = "warehouse-north";
    public const string Carrier = "carrier-east";
    public const string Outsider = "carrier-west";

    private ShipmentScenario(TestPlatform platform, DateTimeOffset now)
    {
        Platform = platform;
        Now = now;
    }

    public TestPlatform Platform { get; }

    public Caller Admin { get; private set; } = null!;

    public Caller OrderPlatform { get; private set; } = null!;

    public Caller WarehouseClerk { get; private set; } = null!;

    public Caller Driver { get; private set; } = null!;

    public Caller OtherDriver { get; private set; } = null!;

    /// <summary>The whole minute the scenario starts at (the platform's clock when it is given a FakeTimeProvider).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The shipment entered room-1 this long before <see cref="Now"/>.</summary>
    public TimeSpan InRoom { get; } = TimeSpan.FromHours(6);

    public DateTimeOffset Start => Now - InRoom;

    public static Task<ShipmentScenario> StartAsync(Database database = Database.Sqlite, params string[] args) => StartAsync(database, clock: null, args);

    /// <summary>As above, on <paramref name="clock"/> (set to a whole minute first) instead of the system clock.</summary>
    public static async Task<ShipmentScenario> StartAsync(Database database, FakeTimeProvider? clock, params string[] args)
    {
        var now = UtcMinute(TimeProvider.System.GetUtcNow());
        clock?.SetUtcNow(now);
        var platform = await TestPlatform.StartAsync(database, services =>
        {
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(clock);
            }
        },
        [
            "--Registry:Assets:0:Id=room-1", "--Registry:Assets:0:Name=Room 1", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=dc",
            "--Registry:Assets:1:Id=truck-01", "--Registry:Assets:1:Name=Truck 1", "--Registry:Assets:1:Kind=Truck", "--Registry:Assets:1:Site=dc",
            "--Alarms:DeliveryRetryDelay=00:00:00.100",
            "--Alarms:MaxDeliveryRetryDelay=00:00:00.400",
            .. args,
        ]);
        var scenario = new ShipmentScenario(platform, now);
        await scenario.SetUpAsync();
        return scenario;
    }

    private async Task SetUpAsync()
    {
        Admin = await Platform.SignInAsNewAsync(Roles.Admin);
        OrderPlatform = await Platform.WithApiKeyAsync(Scopes.ShipmentsWrite);
        WarehouseClerk = await Platform.SignInAsNewAsync(Roles.Operator);
        Driver = await Platform.SignInAsNewAsync(Roles.Driver);
        OtherDriver = await Platform.SignInAsNewAsync(Roles.Driver);
        foreach (var (asset, sensor) in new[] { ("room-1", "room-1-t1"), ("truck-01", "truck-01-t1") })
        {
            await ExpectAsync(HttpMethod.Put, $"/api/sensors/{sensor}", new { asset, kind = "temperature", serial = "28-" + sensor, accuracyClass = "±0.5 °C" }, HttpStatusCode.Created);
            await ExpectAsync(HttpMethod.Post, $"/api/sensors/{sensor}/certificates", new { number = "CAL-" + sensor, calibratedOn = Now.AddDays(-30), dueOn = Now.AddDays(335), reference = "Lab A" }, HttpStatusCode.Created);
        }

        await ExpectAsync(HttpMethod.Put, $"/api/parties/{Warehouse}", new { name = "Warehouse North", notifyEmails = new[] { "qa@warehouse.test" }, members = new[] { WarehouseClerk.Name } }, HttpStatusCode.Created);
        await ExpectAsync(HttpMethod.Put, $"/api/parties/{Carrier}", new { name = "Carrier East", notifyEmails = new[] { "dispatch@carrier.test" }, members = new[] { Driver.Name } }, HttpStatusCode.Created);
        await ExpectAsync(HttpMethod.Put, $"/api/parties/{Outsider}", new { name = "Carrier West", members = new[] { OtherDriver.Name } }, HttpStatusCode.Created);
    }

    public object Registration(string product = "Chilled salmon fillets, 40 cases") => new
    {
        product,
        profile = "chilled-0-4",
        sscc = "106141411234567897",
        lots = new[] { "LOT-A1", "LOT-A2" },
        legs = new[] { new { asset = "room-1", custodian = Warehouse, from = Start, to = (DateTimeOffset?)null } },
    };

    public async Task RegisterAsync(string orderRef = "PO-1001") =>
        await ExpectAsync(HttpMethod.Put, $"/api/shipments/{orderRef}", Registration(), HttpStatusCode.Created, OrderPlatform);

    /// <summary>Readings of <paramref name="sensor"/> every <paramref name="every"/> in [from, to), value by time.</summary>
    public async Task WriteReadingsAsync(string asset, string sensor, DateTimeOffset from, DateTimeOffset to, Func<DateTimeOffset, double> celsius, TimeSpan? every = null, Func<DateTimeOffset, bool>? skip = null)
    {
        var step = every ?? TimeSpan.FromMinutes(1);
        var readings = new List<StoredReading>();
        for (var t = from; t < to; t += step)
        {
            if (skip?.Invoke(t) != true)
            {
                readings.Add(new StoredReading("dc", "gw-" + asset, asset, sensor, Quantity.Temperature, t, celsius(t), ReadingStatus.Ok));
            }
        }

        await Platform.App.Services.GetRequiredService<ITelemetryStore>().WriteAsync(readings, CancellationToken.None);
    }

    public object CheckRequest(DateTimeOffset? at = null, double? probe = 3.1, string fromParty = Warehouse) => new
    {
        at = at ?? Now,
        type = "outbound",
        fromParty,
        toParty = Carrier,
        nextAsset = "truck-01",
        probe = probe is { } value ? new { value, probeId = "probe-7", at = (at ?? Now).AddMinutes(-1) } : null,
    };

    public async Task<JsonElement> CheckAsync(string orderRef = "PO-1001", object? request = null)
    {
        using var response = await Platform.SendAsync(OrderPlatform, HttpMethod.Post, $"/api/shipments/{orderRef}/handover-checks", request ?? CheckRequest());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return body;
    }

    public Task<HttpResponseMessage> SignAsync(Caller who, string id, string meaning, string? comment = null, string? password = null) =>
        Platform.SendAsync(who, HttpMethod.Post, $"/api/handovers/{id}/signatures", new { email = who.Name, password = password ?? TestPlatform.Password, meaning, comment });

    public async Task<JsonElement> GetAsync(Caller who, string path)
    {
        using var response = await Platform.SendAsync(who, HttpMethod.Get, path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task ExpectAsync(HttpMethod method, string path, object body, HttpStatusCode expected, Caller? caller = null)
    {
        using var response = await Platform.SendAsync(caller ?? Admin, method, path, body);
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
    }

    private static DateTimeOffset UtcMinute(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    public ValueTask DisposeAsync() => Platform.DisposeAsync();
}
