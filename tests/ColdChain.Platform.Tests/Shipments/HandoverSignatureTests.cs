using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Tests.Support;

namespace ColdChain.Platform.Tests.Shipments;

[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(120_000)]
public sealed class HandoverSignatureTests(Database database)
{
    [Test]
    public async Task Both_parties_sign_and_the_leg_closes_and_the_next_opens_in_the_receivers_hands()
    {
        await using var s = await StartedAsync();
        var id = (await s.CheckAsync()).GetProperty("id").GetString()!;

        using var handedOver = await s.SignAsync(s.WarehouseClerk, id, "handed-over");
        using var received = await s.SignAsync(s.Driver, id, "received-with-reservation", "two cases dented, contents cold");
        var handover = await s.GetAsync(s.Driver, $"/api/handovers/{id}");
        var shipment = await s.GetAsync(s.Admin, "/api/shipments/PO-1001");
        var audit = await s.GetAsync(s.Admin, $"/api/audit?entity=handover&pageSize=100");

        Assert.That((handedOver.StatusCode, received.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created)), await received.Content.ReadAsStringAsync());
        var signatures = handover.GetProperty("signatures").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(signatures.Select(x => (x.GetProperty("party").GetString(), x.GetProperty("meaning").GetString())),
                Is.EqualTo(new[] { (ShipmentScenario.Warehouse, "handed-over"), (ShipmentScenario.Carrier, "received-with-reservation") }));
            Assert.That(signatures.Select(x => x.GetProperty("documentSha256").GetString()), Has.All.EqualTo(handover.GetProperty("documentSha256").GetString()));
            Assert.That(signatures.Select(x => x.GetProperty("bindingValid").GetBoolean()), Has.All.True);
            Assert.That(signatures[0].GetProperty("printedName").GetString(), Is.EqualTo("Operator"));
            Assert.That(handover.GetProperty("completedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            var legs = shipment.GetProperty("legs").EnumerateArray().ToList();
            Assert.That(legs.Select(l => (l.GetProperty("asset").GetString(), l.GetProperty("custodian").GetString())),
                Is.EqualTo(new[] { ("room-1", ShipmentScenario.Warehouse), ("truck-01", ShipmentScenario.Carrier) }));
            Assert.That(legs[0].GetProperty("to").GetDateTimeOffset(), Is.EqualTo(s.Now));
            Assert.That(legs[1].GetProperty("to").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(audit.ToString(), Does.Contain("handover.checked").And.Contain("handover.sign"));
        });
    }

    [Test]
    public async Task A_member_of_another_party_cannot_sign()
    {
        await using var s = await StartedAsync();
        var id = (await s.CheckAsync()).GetProperty("id").GetString()!;

        using var response = await s.SignAsync(s.OtherDriver, id, "received");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), Is.EqualTo("wrong party"));
    }

    [Test]
    public async Task The_same_person_cannot_sign_twice()
    {
        await using var s = await StartedAsync();
        var id = (await s.CheckAsync()).GetProperty("id").GetString()!;

        using var first = await s.SignAsync(s.WarehouseClerk, id, "handed-over");
        using var second = await s.SignAsync(s.WarehouseClerk, id, "handed-over");

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Conflict)));
    }

    [Test]
    public async Task A_wrong_password_refuses_the_signature()
    {
        await using var s = await StartedAsync();
        var id = (await s.CheckAsync()).GetProperty("id").GetString()!;

        using var response = await s.SignAsync(s.WarehouseClerk, id, "handed-over", password: "not my password at all");
        var handover = await s.GetAsync(s.Admin, $"/api/handovers/{id}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(handover.GetProperty("signatures").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task A_superseded_check_cannot_be_signed()
    {
        await using var s = await StartedAsync();
        var old = (await s.CheckAsync()).GetProperty("id").GetString()!;
        await s.CheckAsync();

        using var response = await s.SignAsync(s.WarehouseClerk, old, "handed-over");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), Is.EqualTo("superseded"));
    }

    [Test]
    public async Task A_tampered_document_is_detected_and_cannot_be_signed()
    {
        await using var s = await StartedAsync();
        var id = (await s.CheckAsync()).GetProperty("id").GetString()!;
        using var signed = await s.SignAsync(s.WarehouseClerk, id, "handed-over");

        await s.Platform.SqlAsync("""UPDATE "HandoverChecks" SET "Document" = REPLACE("Document", '"verdict":"intact"', '"verdict":"intakt"')""");
        var handover = await s.GetAsync(s.Admin, $"/api/handovers/{id}");
        using var response = await s.SignAsync(s.Driver, id, "received");

        Assert.Multiple(() =>
        {
            Assert.That(handover.GetProperty("documentIntact").GetBoolean(), Is.False);
            Assert.That(handover.GetProperty("signatures")[0].GetProperty("bindingValid").GetBoolean(), Is.True, "the signature itself is unchanged");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(s.Platform.Logs.Lines, Has.Some.Contains("no longer matches its SHA-256"));
        });
    }

    [Test]
    public async Task A_signed_handover_is_visible_to_the_parties_but_not_to_an_outsider()
    {
        await using var s = await StartedAsync();
        var id = (await s.CheckAsync()).GetProperty("id").GetString()!;

        using var outsider = await s.Platform.SendAsync(s.OtherDriver, HttpMethod.Get, $"/api/handovers/{id}");
        using var party = await s.Platform.SendAsync(s.Driver, HttpMethod.Get, $"/api/handovers/{id}");

        Assert.That((outsider.StatusCode, party.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.OK)));
    }

    private async Task<ShipmentScenario> StartedAsync()
    {
        var s = await ShipmentScenario.StartAsync(database);
        await s.RegisterAsync();
        await s.WriteReadingsAsync("room-1", "room-1-t1", s.Start, s.Now, _ => 3.0);
        return s;
    }
}
