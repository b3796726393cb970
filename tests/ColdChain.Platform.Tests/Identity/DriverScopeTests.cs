using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;

namespace ColdChain.Platform.Tests.Identity;

/// <summary>A driver sees only the trucks assigned to them; anything else is "not found", not "forbidden".</summary>
[TestFixture(Database.Sqlite)]
[TestFixture(Database.Postgres)]
[CancelAfter(60_000)]
public sealed class DriverScopeTests(Database database)
{
    [Test]
    public async Task A_driver_lists_and_reads_only_their_truck_and_gets_404_for_another()
    {
        await using var platform = await TestPlatform.StartAsync(database,
            "--Registry:Assets:0:Id=truck-a", "--Registry:Assets:0:Name=Truck A", "--Registry:Assets:0:Kind=Truck", "--Registry:Assets:0:Site=fleet",
            "--Registry:Assets:1:Id=truck-b", "--Registry:Assets:1:Name=Truck B", "--Registry:Assets:1:Kind=Truck", "--Registry:Assets:1:Site=fleet");
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        var driver = await platform.SignInAsNewAsync(Roles.Driver);
        using var assign = await platform.SendAsync(admin, HttpMethod.Put, "/api/assets/truck-a", new { name = "Truck A", kind = "truck", site = "fleet", assignedDriverId = driver.UserId });
        Assert.That(assign.StatusCode, Is.EqualTo(HttpStatusCode.OK), await assign.Content.ReadAsStringAsync());

        using var list = await platform.SendAsync(driver, HttpMethod.Get, "/api/assets");
        var ids = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        using var own = await platform.SendAsync(driver, HttpMethod.Get, "/api/assets/truck-a/readings");
        using var other = await platform.SendAsync(driver, HttpMethod.Get, "/api/assets/truck-b/readings");
        using var otherAsset = await platform.SendAsync(driver, HttpMethod.Get, "/api/assets/truck-b");
        using var operatorView = await platform.SendAsync(await platform.SignInAsNewAsync(Roles.Operator), HttpMethod.Get, "/api/assets/truck-b/readings");

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new[] { "truck-a" }));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherAsset.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(operatorView.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
