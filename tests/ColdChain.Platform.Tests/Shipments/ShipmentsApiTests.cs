using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Shipments;

[TestFixture]
[CancelAfter(120_000)]
public sealed class ShipmentsApiTests
{
    [Test]
    public async Task Registering_the_same_shipment_again_returns_the_same_shipment()
    {
        await using var s = await ShipmentScenario.StartAsync();

        using var first = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-1001", s.Registration());
        using var again = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-1001", s.Registration());
        var firstBody = await first.Content.ReadAsStringAsync();
        var againBody = await again.Content.ReadAsStringAsync();

        Assert.That((first.StatusCode, again.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.OK)), againBody);
        Assert.That(againBody, Is.EqualTo(firstBody));
        var shipment = await s.GetAsync(s.Admin, "/api/shipments/PO-1001");
        Assert.That(shipment.GetProperty("legs")[0].GetProperty("custodian").GetString(), Is.EqualTo(ShipmentScenario.Warehouse));
    }

    [Test]
    public async Task A_different_body_for_a_known_order_reference_is_a_conflict_naming_the_difference()
    {
        await using var s = await ShipmentScenario.StartAsync();
        await s.RegisterAsync();

        using var response = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-1001", s.Registration(product: "Chilled cod, 40 cases"));
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(detail, Does.Contain("product: registered 'Chilled salmon fillets, 40 cases', sent 'Chilled cod, 40 cases'"));
        Assert.That(detail, Does.Not.Contain("legs"), "only the fields that differ are named");
    }

    [Test]
    public async Task A_registration_with_an_unknown_party_and_a_bad_SSCC_is_refused_naming_both()
    {
        await using var s = await ShipmentScenario.StartAsync();

        using var response = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-2", new
        {
            product = "x",
            profile = "chilled-0-4",
            sscc = "106141411234567890",
            legs = new[] { new { asset = "room-1", custodian = "nobody", from = s.Start } },
        });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "sscc", "legs[0].custodian" }));
    }

    [Test]
    public async Task A_handover_check_over_a_clean_record_is_intact_with_statistics_and_a_verifiable_hash()
    {
        await using var s = await ShipmentScenario.StartAsync();
        await s.RegisterAsync();
        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, s.Now, _ => 3.0);

        var check = await s.CheckAsync();

        var document = check.GetProperty("document");
        var sensor = document.GetProperty("legs")[0].GetProperty("sensors")[0];
        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("verdict").GetString(), Is.EqualTo("intact"), document.GetProperty("reasons").ToString());
            Assert.That(sensor.GetProperty("sensor").GetString(), Is.EqualTo("room-1-t1"));
            Assert.That(sensor.GetProperty("mkt").GetDouble(), Is.EqualTo(3.0).Within(1e-9));
            Assert.That(sensor.GetProperty("coveragePercent").GetDouble(), Is.EqualTo(100));
            Assert.That(sensor.GetProperty("calibration").GetString(), Does.Contain("CAL-room-1-t1"));
            Assert.That(document.GetProperty("productCheck").GetProperty("withinAcceptance").GetBoolean(), Is.True);
            Assert.That(document.GetProperty("budgetRemaining").GetString(), Is.EqualTo("01:00:00"));
            var canonical = check.GetProperty("canonicalDocument").GetString()!;
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), Is.EqualTo(check.GetProperty("documentSha256").GetString()));
            Assert.That(check.GetProperty("documentIntact").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task An_indeterminate_check_is_superseded_by_an_intact_one_once_the_backlog_lands_and_the_old_one_is_kept()
    {
        await using var s = await ShipmentScenario.StartAsync();
        await s.RegisterAsync();
        var outage = (From: s.Start.AddHours(2), To: s.Start.AddHours(2).AddMinutes(40));
        bool InOutage(DateTimeOffset t) => t >= outage.From && t < outage.To;
        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, s.Now, _ => 3.0, skip: InOutage);
        var first = await s.CheckAsync();

        await s.WriteReadingsAsync("room-1", "room-1-t1", outage.From, outage.To, _ => 3.2);
        var second = await s.CheckAsync();
        var old = await s.GetAsync(s.Admin, $"/api/handovers/{first.GetProperty("id").GetString()}");

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("verdict").GetString(), Is.EqualTo("indeterminate"));
            Assert.That(first.GetProperty("document").GetProperty("reasons")[0].GetProperty("code").GetString(), Is.EqualTo("gap_could_hide_a_breach"));
            Assert.That(second.GetProperty("verdict").GetString(), Is.EqualTo("intact"));
            var note = second.GetProperty("document").GetProperty("supersedes");
            Assert.That(note.GetProperty("id").GetString(), Is.EqualTo(first.GetProperty("id").GetString()));
            Assert.That(note.GetProperty("changes").EnumerateArray().Select(c => c.GetString()), Has.Some.EqualTo("verdict indeterminate → intact").And.Some.StartsWith("resolved: gap_could_hide_a_breach"));
            Assert.That(old.GetProperty("supersededBy").GetString(), Is.EqualTo(second.GetProperty("id").GetString()));
            Assert.That(old.GetProperty("canonicalDocument").GetString(), Is.EqualTo(first.GetProperty("canonicalDocument").GetString()), "the old check is kept unchanged");
        });
    }

    [Test]
    public async Task Short_excursions_in_two_hands_add_up_across_legs_and_the_excursion_cites_its_alarm_and_acknowledgement()
    {
        await using var s = await ShipmentScenario.StartAsync();
        var truckFrom = s.Start.AddHours(3);
        await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Put, "/api/shipments/PO-7", new
        {
            product = "Chilled salmon",
            profile = "chilled-0-4",
            legs = new object[]
            {
                new { asset = "room-1", custodian = ShipmentScenario.Warehouse, from = s.Start, to = truckFrom },
                new { asset = "truck-01", custodian = ShipmentScenario.Carrier, from = truckFrom },
            },
        });
        // The preset allows 30 min at a stretch and 60 min in all: 25 min in the room, then 2 × 20 min in the truck.
        static bool Within(DateTimeOffset t, DateTimeOffset from, int minutes) => t >= from && t < from.AddMinutes(minutes);
        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, truckFrom, t => Within(t, s.Start.AddHours(1), 25) ? 5.5 : 3.0);
        await s.WriteReadingsAsync("truck-01", "truck-01-t1", truckFrom, s.Now, t => Within(t, truckFrom.AddHours(1), 20) || Within(t, truckFrom.AddHours(2), 20) ? 5.8 : 3.0);
        var alarm = Guid.NewGuid();
        var started = s.Start.AddHours(1).UtcDateTime;
        await s.Platform.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            db.Add(new Alarm
            {
                Id = alarm, Site = "dc", Asset = "room-1", Source = "room-1-t1", Condition = "above_range", Severity = "critical", State = AlarmState.Cleared,
                StartedAt = started, EndedAt = started.AddMinutes(25), RaisedAt = started, Peak = 5.5, Reason = "5.5 °C against 0…4 °C",
                AcknowledgedBy = "u1", AcknowledgedByName = "Wang Li", AcknowledgedAt = started.AddMinutes(3), AcknowledgementComment = "door left open during loading, closed at once",
            });
            return await db.SaveChangesAsync();
        });

        var check = await s.CheckAsync("PO-7", new { at = s.Now, type = "delivery", fromParty = ShipmentScenario.Carrier, toParty = ShipmentScenario.Warehouse });

        var document = check.GetProperty("document");
        var legs = document.GetProperty("legs");
        var excursion = legs[0].GetProperty("sensors")[0].GetProperty("excursions")[0];
        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("verdict").GetString(), Is.EqualTo("breached"), document.GetProperty("reasons").ToString());
            Assert.That(document.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()), Is.EqualTo(new[] { "cumulative_budget_exceeded" }));
            Assert.That(legs.EnumerateArray().Select(l => l.GetProperty("cumulativeExcursion").GetString()), Is.EqualTo(new[] { "00:25:00", "00:40:00" }), "each leg alone is within the budget");
            Assert.That(legs.EnumerateArray().Select(l => l.GetProperty("cumulativeSinceOrigin").GetString()), Is.EqualTo(new[] { "00:25:00", "01:05:00" }));
            Assert.That(excursion.GetProperty("alarm").GetProperty("id").GetString(), Is.EqualTo(alarm.ToString()));
            Assert.That(excursion.GetProperty("alarm").GetProperty("acknowledgedBy").GetString(), Is.EqualTo("Wang Li"));
            Assert.That(excursion.GetProperty("alarm").GetProperty("acknowledgementComment").GetString(), Does.Contain("door left open"));
        });
    }

    [Test]
    public async Task A_product_probe_warmer_than_allowed_is_a_breach()
    {
        await using var s = await ShipmentScenario.StartAsync();
        await s.RegisterAsync();
        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, s.Now, _ => 3.0);

        var check = await s.CheckAsync(request: s.CheckRequest(probe: 7.6));

        var reasons = check.GetProperty("document").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString());
        Assert.That(check.GetProperty("verdict").GetString(), Is.EqualTo("breached"));
        Assert.That(reasons, Is.EquivalentTo(new[] { "product_outside_acceptance", "product_differs_from_compartment" }));
    }

    [Test]
    public async Task A_check_by_a_party_that_does_not_hold_the_goods_is_refused()
    {
        await using var s = await ShipmentScenario.StartAsync();
        await s.RegisterAsync();

        using var response = await s.Platform.SendAsync(s.OrderPlatform, HttpMethod.Post, "/api/shipments/PO-1001/handover-checks", s.CheckRequest(fromParty: ShipmentScenario.Outsider));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(errors.GetProperty("fromParty")[0].GetString(), Does.Contain(ShipmentScenario.Warehouse));
    }
}
