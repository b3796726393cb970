using System.Globalization;
using ColdChain.Ingest.Storage;
using ColdChain.Platform;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace ColdChain.EndToEnd.Tests.Web;

/// <summary>
/// The real platform in-process (Kestrel on a free loopback port, embedded broker, ingest, SQLite) with a small
/// registry for the browser tests: a cold room with 30 days of history, a freezer gone silent, two trucks (the
/// driver has truck-w1), one person per role. Readings arrive through the broker like a gateway's.
/// </summary>
internal sealed class WebPlatform : IAsyncDisposable
{
    public const string Password = "correct horse battery staple 42";
    public const string Site = "site-w";
    public const string Fleet = "fleet-w";
    public const string Room = "room-w";
    public const string Freezer = "freezer-w";
    public const string MyTruck = "truck-w1";
    public const string OtherTruck = "truck-w2";
    public const string Gateway = "gw-web-1";
    public const int LockoutAfterFailures = 3;

    private readonly WebApplication _app;
    private readonly TempFolder _data;
    private readonly int _brokerPort;
    private long _seq;

    private WebPlatform(WebApplication app, TempFolder data, Uri address, int brokerPort, ServerErrors errors)
    {
        _app = app;
        _data = data;
        Address = address;
        _brokerPort = brokerPort;
        ServerErrors = errors;
    }

    public Uri Address { get; }

    /// <summary>What the platform logged at error level: a test fails on them as on the browser's console errors.</summary>
    public ServerErrors ServerErrors { get; }

    /// <summary>The running platform's services, for a fixture that seeds more than this registry (shipments, parties, users).</summary>
    public IServiceProvider Services => _app.Services;

    public string Operator { get; } = "operator@web.coldchain.local";

    public string Driver { get; } = "driver@web.coldchain.local";

    public string Locked { get; } = "locked@web.coldchain.local";

    public string Admin { get; } = "admin@web.coldchain.local";

    public Guid RoomAlarm { get; private set; }

    public Guid TruckAlarm { get; private set; }


    public static async Task<WebPlatform> StartAsync()
    {
        var data = new TempFolder("coldchain-web");
        var brokerPort = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        (string Id, string Name, string Kind, string Site)[] assets =
        [
            (Room, "Room W", "ColdRoom", Site), (Freezer, "Freezer W", "Freezer", Site),
            (MyTruck, "Truck W1", "Truck", Fleet), (OtherTruck, "Truck W2", "Truck", Fleet),
        ];
        var errors = new ServerErrors();
        var app = PlatformApp.Create(
        [
            $"--urls={address}",
            $"--DataDirectory={data.Path}",
            $"--Embedded:Broker:Port={brokerPort.ToString(CultureInfo.InvariantCulture)}",
            "--Security:LoginRequestsPerWindow=1000",
            $"--Security:LockoutAfterFailures={LockoutAfterFailures.ToString(CultureInfo.InvariantCulture)}",
            "--Web:OfflineAfter=00:10:00",
            "--Logging:LogLevel:Default=Warning",
            .. assets.SelectMany((a, i) => new[] { $"--Registry:Assets:{i}:Id={a.Id}", $"--Registry:Assets:{i}:Name={a.Name}", $"--Registry:Assets:{i}:Kind={a.Kind}", $"--Registry:Assets:{i}:Site={a.Site}" }),
        ], services => services.AddSingleton<ILoggerProvider>(errors));
        await app.StartAsync();
        var platform = new WebPlatform(app, data, address, brokerPort, errors);
        await platform.SeedAsync();
        using var http = new HttpClient { BaseAddress = address };
        await Eventually.ReturnsAsync(async () => (int)(await http.GetAsync("/health/ready")).StatusCode, s => s == 200, TimeSpan.FromSeconds(30), "platform ready");
        return platform;
    }

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<PlatformUsers>();
        var db = services.GetRequiredService<PlatformDbContext>();
        foreach (var (email, role) in new[] { (Operator, Roles.Operator), (Driver, Roles.Driver), (Locked, Roles.Operator), (Admin, Roles.Admin) })
        {
            var (user, errors) = await users.CreateAsync(email, role, role, Password, AuditActor.System, CancellationToken.None);
            Assert.That(errors, Is.Empty, $"user {email}");
            if (role == Roles.Driver)
            {
                (await db.Assets.FindAsync(MyTruck))!.AssignedDriverId = user!.Id;
            }
        }

        // 30 days of the cold room every 5 minutes (the recording interval), with a door opening every 6 hours.
        var now = TimeProvider.System.GetUtcNow();
        var start = now.AddDays(-30);
        var readings = new List<StoredReading>();
        for (var at = start; at < now; at = at.AddMinutes(5))
        {
            var hours = (at - start).TotalHours;
            readings.Add(new StoredReading(Site, Gateway, Room, $"{Room}-t1", Quantity.Temperature, at, Math.Round(2.5 + (1.2 * Math.Sin(hours / 3)), 2), ReadingStatus.Ok));
            readings.Add(new StoredReading(Site, Gateway, Room, $"{Room}-door", Quantity.Door, at, hours % 6 < 0.1 ? 1 : 0, ReadingStatus.Ok));
        }

        readings.Add(new StoredReading(Site, Gateway, Freezer, $"{Freezer}-t1", Quantity.Temperature, now.AddMinutes(-30), -21.5, ReadingStatus.Ok));
        for (var at = now.AddMinutes(-30); at < now; at = at.AddMinutes(1))
        {
            readings.Add(new StoredReading(Fleet, "gw-truck-w1", MyTruck, $"{MyTruck}-t1", Quantity.Temperature, at, 3.1, ReadingStatus.Ok));
            readings.Add(new StoredReading(Fleet, "gw-truck-w2", OtherTruck, $"{OtherTruck}-t1", Quantity.Temperature, at, 2.2, ReadingStatus.Ok));
        }

        await services.GetRequiredService<ITelemetryStore>().WriteAsync(readings, CancellationToken.None);

        RoomAlarm = Guid.NewGuid();
        TruckAlarm = Guid.NewGuid();
        db.Set<Alarm>().AddRange(
            NewAlarm(RoomAlarm, Site, Room, "critical", now.AddMinutes(-20), escalation: 1),
            NewAlarm(TruckAlarm, Fleet, MyTruck, "warning", now.AddMinutes(-5), escalation: 0),
            NewAlarm(Guid.NewGuid(), Fleet, OtherTruck, "critical", now.AddMinutes(-7), escalation: 0));
        await db.SaveChangesAsync();
    }

    private static Alarm NewAlarm(Guid id, string site, string asset, string severity, DateTimeOffset started, int escalation) => new()
    {
        Id = id, Site = site, Asset = asset, Source = $"{asset}-t1", Condition = "above_range", Severity = severity, State = AlarmState.Raised,
        StartedAt = started.UtcDateTime, RaisedAt = started.UtcDateTime, Peak = 6.8, Reason = "above 4 °C", EscalationLevel = escalation,
    };

    /// <summary>A fresh raised alarm on the cold room, for a test that changes it (the seeded ones stay as other tests expect).</summary>
    public async Task<Guid> RaiseRoomAlarmAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var alarm = NewAlarm(Guid.NewGuid(), Site, Room, "warning", TimeProvider.System.GetUtcNow().AddMinutes(-3), escalation: 0);
        db.Set<Alarm>().Add(alarm);
        await db.SaveChangesAsync();
        return alarm.Id;
    }

    /// <summary>The audit trail's entries about one entity, as "action by actor", oldest first.</summary>
    public async Task<IReadOnlyList<string>> AuditOfAsync(string entityId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == entityId).OrderBy(a => a.Sequence).Select(a => a.Action + " by " + a.Actor).ToListAsync();
    }

    /// <summary>Publishes one reading of the cold room as its gateway does (QoS 1, the telemetry topic); returns when the broker has it.</summary>
    public async Task PublishAsync(string asset, double value, DateTimeOffset at)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _brokerPort)
            .WithClientId(Gateway)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build());
        var batch = new TelemetryBatch
        {
            Site = Site, Gateway = Gateway, Seq = Interlocked.Increment(ref _seq) + 1_000_000, SentAt = at,
            Readings = [new Reading { Sensor = $"{asset}-t1", Asset = asset, Time = at, Quantity = Quantity.Temperature, Unit = QuantityExtensions.Celsius, Value = value, Status = ReadingStatus.Ok }],
        };
        await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(ColdChainTopics.Telemetry(Site, Gateway))
            .WithPayload(ProtocolCodec.Encode(batch))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await client.DisconnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
