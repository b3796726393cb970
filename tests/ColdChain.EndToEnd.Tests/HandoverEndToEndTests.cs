using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ColdChain.Edge.Simulation;
using ColdChain.Platform.Alarms.Notifications;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Shipments.Notifications;
using ColdChain.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.EndToEnd.Tests;

/// <summary>
/// A custody transfer on the production path: a simulated truck → mosquitto → ingest → influxd → handover check →
/// both signatures → the order platform's webhook receives the breach notice with a valid HMAC.
/// </summary>
[TestFixture]
[CancelAfter(240_000)]
public sealed class HandoverEndToEndTests
{
    private const string Secret = "order-platform-shared-secret-0123456789";
    private const string Password = "correct horse battery staple 42";

    [Test]
    public async Task A_breach_found_at_delivery_is_signed_by_both_parties_and_reaches_the_order_platform_signed()
    {
        await using var mosquitto = await MosquittoServer.StartAsync();
        await using var influx = await InfluxDbServer.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var smtp = await SmtpServer.StartAsync();
        var fleet = new SimulatedFleet(mosquitto.Host, mosquitto.Port, [new("fleet", "gw-truck-7", [new("truck-7", "Truck 7", SimulatedAssetKind.Truck)])])
        {
            SampleInterval = TimeSpan.FromSeconds(1),
            PublishInterval = TimeSpan.FromSeconds(1),
            Seed = 7,
        };
        await using var platform = await RunningPlatform.StartAsync(
        [
            "--Embedded:Broker:Enabled=false",
            $"--Ingest:Broker:Host={mosquitto.Host}",
            $"--Ingest:Broker:Port={mosquitto.Port}",
            "--Ingest:UseSharedSubscription=true",
            $"--Ingest:ClientId=ingest-{Guid.NewGuid():N}",
            "--Storage:Kind=Influx",
            $"--Storage:Influx:Url={influx.Url}",
            $"--Storage:Influx:Database={InfluxDbServer.NewDatabaseName()}",
            $"--Shipments:WebhookUrl={receiver.Url}",
            $"--Shipments:WebhookSecret={Secret}",
            "--Shipments:TransitWatchInterval=01:00:00", // the handover's breach notice only, not the in-transit one as well
            "--Alarms:DeliveryRetryDelay=00:00:00.200",
            $"--Notifications:Email:Host={smtp.Host}",
            $"--Notifications:Email:Port={smtp.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Notifications:Email:Security=None",
            "--Security:LoginRequestsPerWindow=1000",
            .. Fleets.RegistryArgs(fleet),
        ]);
        using var admin = await PersonAsync(platform, "admin@e2e.test", Roles.Admin);
        using var driver = await PersonAsync(platform, "driver@e2e.test", Roles.Driver);
        using var receiving = await PersonAsync(platform, "goods-in@e2e.test", Roles.Operator);
        using var orderPlatform = await OrderPlatformAsync(platform);
        var legStart = TimeProvider.System.GetUtcNow();

        // Frozen goods (≤ −18 °C, no grace) loaded on a truck running at +2 °C: the record must show the breach.
        await ExpectAsync(admin.PutAsJsonAsync("/api/profiles/e2e-frozen", new
        {
            name = "Frozen, no grace", max = -18.0, acceptMax = -15.0, warningBand = 1.0, alarmDelay = "00:00:00", hysteresis = 0.5,
            longestExcursion = "00:00:00", cumulativeExcursion = "00:00:00", maxProductChange = 3.0,
            recordingInterval = "00:00:01", recordingIntervalOutOfRange = "00:00:01", source = "end-to-end test",
        }), HttpStatusCode.Created);
        await ExpectAsync(admin.PutAsJsonAsync("/api/sensors/truck-7-t1", new { asset = "truck-7", kind = "temperature", serial = "28-e2e", accuracyClass = "±0.5 °C" }), HttpStatusCode.Created);
        await ExpectAsync(admin.PostAsJsonAsync("/api/sensors/truck-7-t1/certificates", new { number = "CAL-E2E", calibratedOn = legStart.AddDays(-10), dueOn = legStart.AddDays(300), reference = "Lab A" }), HttpStatusCode.Created);
        await ExpectAsync(admin.PutAsJsonAsync("/api/parties/carrier-east", new { name = "Carrier East", notifyEmails = new[] { "dispatch@carrier.test" }, members = new[] { "driver@e2e.test" } }), HttpStatusCode.Created);
        await ExpectAsync(admin.PutAsJsonAsync("/api/parties/shop-42", new { name = "Shop 42", notifyEmails = new[] { "qa@shop-42.test" }, members = new[] { "goods-in@e2e.test" } }), HttpStatusCode.Created);
        await ExpectAsync(orderPlatform.PutAsJsonAsync("/api/shipments/SO-E2E-1", new
        {
            product = "Frozen dumplings, 12 cases",
            profile = "e2e-frozen",
            legs = new[] { new { asset = "truck-7", custodian = "carrier-east", from = legStart } },
        }), HttpStatusCode.Created);

        await using (await SimulatedGateways.StartAsync(fleet))
        {
            await Eventually.ReturnsAsync(
                () => platform.ReadingsAsync("truck-7", legStart.AddMinutes(-1), legStart.AddMinutes(10)),
                r => r.Count(x => x.Quantity == "temperature") >= 10,
                TimeSpan.FromSeconds(90),
                "ten temperature readings of truck-7 through mosquitto and influxd");
        }

        using var checkResponse = await orderPlatform.PostAsJsonAsync("/api/shipments/SO-E2E-1/handover-checks", new
        {
            at = TimeProvider.System.GetUtcNow(),
            type = "delivery",
            fromParty = "carrier-east",
            toParty = "shop-42",
            probe = new { value = 1.5, probeId = "probe-e2e", at = TimeProvider.System.GetUtcNow().AddSeconds(-5) },
        });
        var check = await checkResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(checkResponse.StatusCode, Is.EqualTo(HttpStatusCode.Created), check.ToString());
        var id = check.GetProperty("id").GetString()!;
        var codes = check.GetProperty("document").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.That(check.GetProperty("verdict").GetString(), Is.EqualTo("breached"));
        Assert.That(codes, Does.Contain("excursion_too_long").And.Contain("product_outside_acceptance"));

        await ExpectAsync(driver.PostAsJsonAsync($"/api/handovers/{id}/signatures", new { email = "driver@e2e.test", password = Password, meaning = "handed-over" }), HttpStatusCode.Created);
        await ExpectAsync(receiving.PostAsJsonAsync($"/api/handovers/{id}/signatures", new { email = "goods-in@e2e.test", password = Password, meaning = "received-with-reservation", comment = "product at +1.5 °C: refused into the freezer, quarantined" }), HttpStatusCode.Created);

        var hook = await Eventually.ReturnsAsync(
            () => Task.FromResult(receiver.Requests.Skip(1).FirstOrDefault()),
            r => r is not null,
            TimeSpan.FromSeconds(30),
            "the breach notice delivered on the second attempt");
        var handover = await driver.GetFromJsonAsync<JsonElement>($"/api/handovers/{id}");
        var shipment = await orderPlatform.GetFromJsonAsync<JsonElement>("/api/shipments/SO-E2E-1");
        var notice = JsonDocument.Parse(hook!.Body).RootElement;
        var deliveries = await Eventually.ReturnsAsync(
            () => DeliveriesAsync(platform, "SO-E2E-1"),
            list => list.Count == 3 && list.All(d => d.State == DeliveryState.Delivered),
            TimeSpan.FromSeconds(30),
            "the webhook and both e-mails delivered");

        Assert.Multiple(() =>
        {
            Assert.That(WebhookSignature.Verify(Secret, hook.Timestamp, hook.Body, hook.Signature), Is.True, "HMAC over timestamp and body");
            Assert.That(receiver.Requests.Select(r => r.Delivery).Distinct().Count(), Is.EqualTo(1), "one delivery id across the retry");
            Assert.That((notice.GetProperty("event").GetString(), notice.GetProperty("orderRef").GetString(), notice.GetProperty("checkId").GetString()), Is.EqualTo(("handover.breached", "SO-E2E-1", id)));
            Assert.That(notice.GetProperty("documentSha256").GetString(), Is.EqualTo(handover.GetProperty("documentSha256").GetString()));
            Assert.That(handover.GetProperty("signatures").GetArrayLength(), Is.EqualTo(2));
            Assert.That(handover.GetProperty("documentIntact").GetBoolean(), Is.True);
            Assert.That(shipment.GetProperty("legs")[0].GetProperty("to").ValueKind, Is.EqualTo(JsonValueKind.String), "the leg closed at the delivery");
            Assert.That(deliveries.Single(d => d.Channel == WebhookChannel.Name).Attempts, Is.EqualTo(2));
            Assert.That(deliveries.Where(d => d.Channel == EmailChannel.Name).Select(d => d.Target), Is.EquivalentTo(new[] { "dispatch@carrier.test", "qa@shop-42.test" }), "both parties' people are notified");
            Assert.That(smtp.Messages(), Has.Count.EqualTo(2));
        });
    }

    private static async Task<HttpClient> PersonAsync(RunningPlatform platform, string email, string role)
    {
        await using (var scope = platform.Services.CreateAsyncScope())
        {
            var (_, errors) = await scope.ServiceProvider.GetRequiredService<PlatformUsers>().CreateAsync(email, role + " " + email.Split('@')[0], role, Password, AuditActor.System, CancellationToken.None);
            Assert.That(errors, Is.Empty);
        }

        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = platform.Address };
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"login of {email}");
        return client;
    }

    private static async Task<HttpClient> OrderPlatformAsync(RunningPlatform platform)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("order platform", [Scopes.ShipmentsWrite], null, AuditActor.System, CancellationToken.None);
        var client = new HttpClient { BaseAddress = platform.Address };
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key.Key);
        return client;
    }

    private static async Task<List<NotificationDelivery>> DeliveriesAsync(RunningPlatform platform, string orderRef)
    {
        await using var scope = platform.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().Set<NotificationDelivery>().AsNoTracking()
            .Where(d => d.Topic == BreachNotices.BreachedEvent && d.Reference == orderRef).ToListAsync();
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
    }
}
