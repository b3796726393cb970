using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ColdChain.Platform.Identity;
using ColdChain.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ColdChain.Platform.Tests.Sensors;

[TestFixture]
[CancelAfter(60_000)]
public sealed class SensorTests
{
    [Test]
    public async Task A_sensor_whose_calibration_is_due_is_flagged_and_a_fresh_certificate_clears_the_flag()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite,
            "--Registry:Assets:0:Id=room-1", "--Registry:Assets:0:Name=Room 1", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=dc");
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        var now = TimeProvider.System.GetUtcNow();
        using var put = await platform.SendAsync(admin, HttpMethod.Put, "/api/sensors/room-1-t1", new { asset = "room-1", kind = "temperature", serial = "28-0000", accuracyClass = "±0.5 °C" });
        using var old = await platform.SendAsync(admin, HttpMethod.Post, "/api/sensors/room-1-t1/certificates", new { number = "C-1", calibratedOn = now.AddYears(-2), dueOn = now.AddYears(-1), reference = "Lab A", correction = 0.2 });
        var overdue = await OverdueAsync(platform, admin);
        using var fresh = await platform.SendAsync(admin, HttpMethod.Post, "/api/sensors/room-1-t1/certificates", new { number = "C-2", calibratedOn = now.AddDays(-1), dueOn = now.AddYears(1), reference = "Lab A" });
        var afterFresh = await OverdueAsync(platform, admin);

        Assert.That((put.StatusCode, old.StatusCode, fresh.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created)));
        Assert.That((overdue, afterFresh), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task A_certificate_due_before_it_was_issued_is_refused_naming_the_field()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite,
            "--Registry:Assets:0:Id=room-1", "--Registry:Assets:0:Name=Room 1", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=dc");
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        (await platform.SendAsync(admin, HttpMethod.Put, "/api/sensors/room-1-t1", new { asset = "room-1", kind = "temperature", serial = "28-0000" })).Dispose();

        using var response = await platform.SendAsync(admin, HttpMethod.Post, "/api/sensors/room-1-t1/certificates", new { number = "C-1", calibratedOn = "2026-01-02T00:00:00Z", dueOn = "2026-01-01T00:00:00Z", reference = "Lab A" });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(errors.TryGetProperty("dueOn", out _), Is.True);
    }

    [Test]
    public async Task Readings_of_a_sensor_without_a_calibration_in_force_are_flagged()
    {
        await using var platform = await TestPlatform.StartAsync(Database.Sqlite,
            "--Registry:Assets:0:Id=room-1", "--Registry:Assets:0:Name=Room 1", "--Registry:Assets:0:Kind=ColdRoom", "--Registry:Assets:0:Site=dc");
        var admin = await platform.SignInAsNewAsync(Roles.Admin);
        (await platform.SendAsync(admin, HttpMethod.Put, "/api/sensors/room-1-t1", new { asset = "room-1", kind = "temperature", serial = "28-0000" })).Dispose();
        var now = TimeProvider.System.GetUtcNow();
        var store = platform.App.Services.GetRequiredService<ColdChain.Ingest.Storage.ITelemetryStore>();
        await store.WriteAsync(
        [
            new ColdChain.Ingest.Storage.StoredReading("dc", "gw-1", "room-1", "room-1-t1", ColdChain.Protocol.Telemetry.Quantity.Temperature, now.AddMinutes(-2), 3.1, ColdChain.Protocol.Telemetry.ReadingStatus.Ok),
        ], CancellationToken.None);

        using var response = await platform.SendAsync(admin, HttpMethod.Get, "/api/assets/room-1/readings");
        var readings = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();

        Assert.That(readings, Has.Count.EqualTo(1));
        Assert.That(readings[0].GetProperty("calibrationOverdue").GetBoolean(), Is.True);
    }

    private static async Task<bool> OverdueAsync(TestPlatform platform, Caller caller)
    {
        using var response = await platform.SendAsync(caller, HttpMethod.Get, "/api/sensors");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single().GetProperty("calibrationOverdue").GetBoolean();
    }
}
