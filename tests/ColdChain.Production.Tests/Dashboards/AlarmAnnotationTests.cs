using System.Diagnostics;
using System.Globalization;
using ColdChain.Platform.Alarms;
using ColdChain.Platform.Data;
using ColdChain.Production.Tests.Compose;
using ColdChain.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ColdChain.Production.Tests.Dashboards;

/// <summary>
/// The asset-detail dashboard's alarm annotations: the committed grant script gives Grafana's login read access to the
/// platform's real (migrated) alarms table alone, and the committed annotation SQL, run as that login against demo
/// alarms, returns exactly the alarms of the asset that overlap the time range.
/// </summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class AlarmAnnotationTests
{
    private const string Reader = "grafana_reader";

    private PostgresServer _postgres = null!;
    private string _database = string.Empty;

    [OneTimeSetUp]
    public async Task MigrateAndLoadDemoAlarms()
    {
        _postgres = await PostgresServer.StartAsync();
        var connection = _postgres.NewConnectionString();
        _database = new NpgsqlConnectionStringBuilder(connection).Database!;
        // As the platform configures PostgreSQL: the SQLite-generated snapshot differs from Npgsql's model in annotations only.
        var options = new DbContextOptionsBuilder<PlatformDbContext>().UseNpgsql(connection)
            .ConfigureWarnings(w => w.Log(RelationalEventId.PendingModelChangesWarning)).Options;
        await using var db = new PlatformDbContext(options);
        await db.Database.MigrateAsync();
        db.Set<Alarm>().AddRange(DemoAlarms());
        await db.SaveChangesAsync();

        // Twice: the job runs on every start of the stack.
        for (var run = 0; run < 2; run++)
        {
            var grant = await PsqlAsync("-v", $"reader={Reader}", "-v", "reader_password=not-used-with-trust", "-f", Repository.PathOf("deploy/postgres/grafana-reader.sql"));
            Assert.That(grant.ExitCode, Is.Zero, grant.Output);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _postgres.DisposeAsync();

    [Test]
    public async Task The_annotations_are_the_assets_alarms_overlapping_the_range_with_who_acknowledged_them()
    {
        var rows = await ReadAsReaderAsync(Annotation("cold-room-1", DemoData.Start, DemoData.End));

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.Time), Is.EqualTo(new[] { DemoData.Start.AddMinutes(-30), DemoData.Start.AddHours(5) }), "the one straddling the start and the open one; not the earlier, later or other asset's");
            Assert.That(rows[0].TimeEnd, Is.EqualTo(DemoData.Start.AddMinutes(20)));
            Assert.That(rows[0].Text, Is.EqualTo("CRITICAL above range on cold-room-1-t1 (cleared), peak 9.40"));
            Assert.That(rows[0].Tags, Is.EqualTo("critical,above_range"));
            Assert.That(rows[1].TimeEnd, Is.GreaterThan(DemoData.Start.AddHours(5)), "an open alarm runs to now");
            Assert.That(rows[1].Text, Is.EqualTo("WARNING door open too long on cold-room-1-door (acknowledged) · acknowledged by Ana Operator: Door closed, load checked · learnt late from a backlog"));
        });
    }

    [Test]
    public async Task An_asset_name_with_a_quote_is_a_value_not_sql()
    {
        var rows = await ReadAsReaderAsync(Annotation("x') OR true OR ('", DemoData.Start, DemoData.End));

        Assert.That(rows, Is.Empty);
    }

    [Test]
    public async Task Grafanas_login_reads_the_alarms_and_nothing_else_and_changes_nothing()
    {
        await using var db = new NpgsqlConnection(ReaderConnection());
        await db.OpenAsync();

        var users = Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("SELECT count(*) FROM \"AspNetUsers\"", db).ExecuteScalarAsync());
        var update = Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand("UPDATE \"Alarms\" SET \"State\" = 'Cleared'", db).ExecuteNonQueryAsync());
        var count = await new NpgsqlCommand("SELECT count(*) FROM \"Alarms\"", db).ExecuteScalarAsync();

        Assert.Multiple(() =>
        {
            Assert.That(users!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(update!.SqlState, Is.AnyOf(PostgresErrorCodes.ReadOnlySqlTransaction, PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(count, Is.EqualTo(DemoAlarms().Count));
        });
    }

    [Test]
    public void The_annotation_reads_the_provisioned_PostgreSQL_datasource_by_its_fixed_uid()
    {
        var annotation = DashboardFiles.Load("asset-detail")["annotations"]!["list"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "Alarms")!;
        var provisioning = File.ReadAllText(Path.Combine(DashboardFiles.Folder, "provisioning", "datasources", "coldchain-postgres.yml"));

        Assert.That(annotation["datasource"]!["uid"]!.GetValue<string>(), Is.EqualTo("coldchain-postgres"));
        Assert.That(provisioning, Does.Contain("uid: coldchain-postgres").And.Contain("type: " + annotation["datasource"]!["type"]!.GetValue<string>()));
    }

    /// <summary>The committed annotation SQL with Grafana's macros and <c>${asset:sqlstring}</c> filled in as Grafana does.</summary>
    private static string Annotation(string asset, DateTimeOffset from, DateTimeOffset to)
    {
        var sql = DashboardFiles.Load("asset-detail")["annotations"]!["list"]![0]!["target"]!["rawSql"]!.GetValue<string>();
        var filled = sql
            .Replace("${asset:sqlstring}", "'" + asset.Replace("'", "''", StringComparison.Ordinal) + "'", StringComparison.Ordinal)
            .Replace("$__timeFrom()", $"'{Iso(from)}'", StringComparison.Ordinal)
            .Replace("$__timeTo()", $"'{Iso(to)}'", StringComparison.Ordinal);
        Assert.That(filled, Does.Not.Contain("$"), "every macro the dashboard uses is one Grafana fills in");
        return filled;
    }

    private async Task<List<(DateTimeOffset Time, DateTimeOffset TimeEnd, string Text, string Tags)>> ReadAsReaderAsync(string sql)
    {
        await using var db = new NpgsqlConnection(ReaderConnection());
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(DateTimeOffset, DateTimeOffset, string, string)>();
        while (await reader.ReadAsync())
        {
            Assert.That(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName), Is.EqualTo(new[] { "time", "timeend", "text", "tags" }), "the columns Grafana's SQL annotations read");
            rows.Add((new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    }

    private string ReaderConnection() =>
        $"Host=127.0.0.1;Port={_postgres.Port.ToString(CultureInfo.InvariantCulture)};Username={Reader};Database={_database};Pooling=false";

    private async Task<(int ExitCode, string Output)> PsqlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-h", "127.0.0.1", "-p", _postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", _database, "-v", "ON_ERROR_STOP=1", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static List<Alarm> DemoAlarms()
    {
        Alarm Make(string asset, string source, string condition, string severity, DateTimeOffset started, DateTimeOffset? ended) => new()
        {
            Id = Guid.NewGuid(),
            Site = "dc-north",
            Asset = asset,
            Gateway = "gw-dc-north-1",
            Source = source,
            Condition = condition,
            Severity = severity,
            State = ended is null ? AlarmState.Raised : AlarmState.Cleared,
            StartedAt = started.UtcDateTime,
            EndedAt = ended?.UtcDateTime,
            RaisedAt = started.UtcDateTime.AddSeconds(40),
            Reason = $"{condition} on {source}",
        };

        var start = DemoData.Start;
        var open = Make("cold-room-1", "cold-room-1-door", "door_open_too_long", "warning", start.AddHours(5), null);
        open.State = AlarmState.Acknowledged;
        open.AcknowledgedBy = "user-ana";
        open.AcknowledgedByName = "Ana Operator";
        open.AcknowledgedAt = start.AddHours(5).AddMinutes(3).UtcDateTime;
        open.AcknowledgementComment = "Door closed, load checked";
        open.Late = true;
        var straddling = Make("cold-room-1", "cold-room-1-t1", "above_range", "critical", start.AddMinutes(-30), start.AddMinutes(20));
        straddling.Peak = 9.4;
        return
        [
            straddling,
            open,
            Make("cold-room-1", "cold-room-1-t1", "above_range", "critical", start.AddHours(-3), start.AddHours(-2)),
            Make("freezer-1", "freezer-1-t1", "above_range", "critical", start.AddHours(2), start.AddHours(3)),
            Make("cold-room-1", "cold-room-1-t1", "below_range", "warning", DemoData.End.AddHours(1), null),
        ];
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
