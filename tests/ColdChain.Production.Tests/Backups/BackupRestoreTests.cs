using System.Globalization;
using System.Text.Json.Nodes;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Production.Tests.Dashboards;
using ColdChain.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ColdChain.Production.Tests.Backups;

/// <summary>
/// <c>deploy/backup/coldchain-backup.sh</c> against a real PostgreSQL, a real influxd and real SQLite files: back up,
/// destroy, restore, and the data is back (row counts and content hashes); a tampered backup is refused untouched.
/// </summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(240_000)]
public sealed class BackupRestoreTests
{
    private PostgresServer _postgres = null!;
    private InfluxDbServer _influx = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartServers()
    {
        _postgres = await PostgresServer.StartAsync();
        _influx = await InfluxDbServer.StartAsync();
        _http = new HttpClient { BaseAddress = _influx.Url };
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        _http.Dispose();
        await _influx.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Test]
    public async Task PostgreSQL_and_InfluxDB_come_back_whole_after_backup_destroy_and_restore()
    {
        using var folder = new TempFolder("coldchain-backup");
        var (database, connection) = await CreatePostgresDatabaseAsync();
        var influxDb = InfluxDbServer.NewDatabaseName();
        await WriteReadingsAsync(influxDb);
        var before = (Postgres: await PostgresFingerprintAsync(connection), Influx: await InfluxFingerprintAsync(influxDb));
        var environment = Environment(folder.Path, database, influxDb);

        var backup = await BackupScript.RunAsync(environment, "backup");
        Assert.That(backup.ExitCode, Is.Zero, backup.StandardError);
        await ExecuteAsync(connection, "DROP TABLE audit_entries; DROP TABLE assets;");
        await InfluxAsync(influxDb, $"DROP DATABASE \"{influxDb}\"");
        Assert.That(await InfluxFingerprintAsync(influxDb), Is.Not.EqualTo(before.Influx), "destroyed");

        var restore = await BackupScript.RunAsync(environment, "restore", backup.StandardOutput);
        await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"backup {backup.Took.TotalSeconds:0.0} s, restore {restore.Took.TotalSeconds:0.0} s (PostgreSQL {before.Postgres.Rows} rows, InfluxDB {before.Influx.Points} points)"));

        Assert.That(restore.ExitCode, Is.Zero, restore.StandardError);
        var manifest = await File.ReadAllTextAsync(Path.Combine(backup.StandardOutput, "SHA256SUMS"));
        var after = (Postgres: await PostgresFingerprintAsync(connection), Influx: await InfluxFingerprintAsync(influxDb));
        Assert.Multiple(() =>
        {
            Assert.That(manifest, Does.Contain("./postgres.dump").And.Contain("./influx/"));
            Assert.That(after.Postgres, Is.EqualTo(before.Postgres));
            Assert.That(after.Influx, Is.EqualTo(before.Influx));
            Assert.That(after.Influx.Points, Is.GreaterThan(5_000));
        });
    }

    [Test]
    public async Task A_full_backup_and_two_incrementals_bring_every_store_back_to_the_last_incremental()
    {
        using var folder = new TempFolder("coldchain-backup");
        var (database, connection) = await CreatePostgresDatabaseAsync();
        var influxDb = InfluxDbServer.NewDatabaseName();
        var telemetry = folder.Combine("data", "telemetry.db");
        var sqlite = new SqliteTelemetryStore(Options.Create(new SqliteStoreOptions { Path = telemetry }));
        var readings = DemoData.Readings();
        var thirds = readings.Chunk((readings.Count / 3) + 1).ToList();
        var environment = Environment(folder.Path, database, influxDb);
        environment["SQLITE_FILES"] = telemetry;
        environment["BACKUP_LATE_WINDOW"] = "172800"; // the demo day lies up to 32 hours before this run's clock

        await WriteReadingsAsync(influxDb, thirds[0]);
        await sqlite.WriteAsync(thirds[0], CancellationToken.None);
        var full = await BackupScript.RunAsync(environment, "backup", "full");

        await WriteReadingsAsync(influxDb, thirds[1]);
        await WriteReadingsAsync(influxDb, [readings[0] with { Sensor = "late-sensor", Value = -19.5 }]); // a backlog reading, measured long before
        await sqlite.WriteAsync(thirds[1], CancellationToken.None);
        await ExecuteAsync(connection, "INSERT INTO assets (name) VALUES ('after the full backup')");
        var first = await BackupScript.RunAsync(environment, "backup", "incremental");

        await WriteReadingsAsync(influxDb, thirds[2]);
        await sqlite.WriteAsync(thirds[2], CancellationToken.None);
        await ExecuteAsync(connection, "INSERT INTO assets (name) VALUES ('after the first incremental'); DELETE FROM audit_entries WHERE seq > 4990");
        var second = await BackupScript.RunAsync(environment, "backup", "incremental");
        Assert.That((full.ExitCode, first.ExitCode, second.ExitCode), Is.EqualTo((0, 0, 0)), full.StandardError + first.StandardError + second.StandardError);

        var query = new ReadingQuery("freezer-1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var before = (Postgres: await PostgresFingerprintAsync(connection), Influx: await InfluxFingerprintAsync(influxDb), Sqlite: await sqlite.QueryAsync(query, CancellationToken.None));
        await ExecuteAsync(connection, "DROP TABLE audit_entries; DROP TABLE assets;");
        await InfluxAsync(influxDb, $"DROP DATABASE \"{influxDb}\"");
        SqliteConnection.ClearAllPools();
        File.Delete(telemetry);

        var restore = await BackupScript.RunAsync(environment, "restore", second.StandardOutput);
        await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"full {full.Took.TotalSeconds:0.0} s, incrementals {first.Took.TotalSeconds:0.0} s and {second.Took.TotalSeconds:0.0} s, restore of the chain {restore.Took.TotalSeconds:0.0} s (InfluxDB {before.Influx.Points} points, PostgreSQL {before.Postgres.Rows} rows, SQLite {before.Sqlite.Count} freezer readings)"));

        Assert.That(restore.ExitCode, Is.Zero, restore.StandardError);
        var info = await File.ReadAllTextAsync(Path.Combine(second.StandardOutput, "backup.info"));
        var after = (Postgres: await PostgresFingerprintAsync(connection), Influx: await InfluxFingerprintAsync(influxDb), Sqlite: await sqlite.QueryAsync(query, CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Contain("kind=incremental").And.Contain($"base={Path.GetFileName(full.StandardOutput)}").And.Contain($"previous={Path.GetFileName(first.StandardOutput)}"));
            Assert.That(restore.StandardError, Does.Contain("3 backup(s)"));
            Assert.That(after.Postgres, Is.EqualTo(before.Postgres));
            Assert.That(after.Influx, Is.EqualTo(before.Influx), restore.StandardError + first.StandardError);
            Assert.That(after.Influx.Points, Is.EqualTo(readings.Count + 1), "every reading and the late one");
            Assert.That(after.Sqlite, Is.EqualTo(before.Sqlite).And.Count.EqualTo(readings.Count(r => r.Asset == "freezer-1")));
        });
    }

    [Test]
    public async Task An_incremental_whose_full_backup_was_tampered_with_or_replaced_is_refused_before_anything_is_touched()
    {
        using var folder = new TempFolder("coldchain-backup");
        var (database, connection) = await CreatePostgresDatabaseAsync();
        var environment = Environment(folder.Path, database, influxDatabase: null);
        var full = await BackupScript.RunAsync(environment, "backup", "full");
        var incremental = await BackupScript.RunAsync(environment, "backup", "incremental");
        Assert.That((full.ExitCode, incremental.ExitCode), Is.EqualTo((0, 0)), full.StandardError + incremental.StandardError);
        await ExecuteAsync(connection, "INSERT INTO assets (name) VALUES ('added after the backups')");
        var current = await PostgresFingerprintAsync(connection);

        var info = Path.Combine(full.StandardOutput, "backup.info");
        await File.AppendAllTextAsync(info, "note=edited\n");
        var tampered = await BackupScript.RunAsync(environment, "restore", incremental.StandardOutput);

        // A different, self-consistent full backup in its place: its manifest is not the one the incremental chained to.
        await File.WriteAllTextAsync(info, (await File.ReadAllTextAsync(info)).Replace("note=edited\n", string.Empty, StringComparison.Ordinal) + "host=elsewhere\n");
        await RehashAsync(full.StandardOutput);
        var replaced = await BackupScript.RunAsync(environment, "restore", incremental.StandardOutput);
        var after = await PostgresFingerprintAsync(connection);

        Assert.Multiple(() =>
        {
            Assert.That(tampered.ExitCode, Is.Not.Zero);
            Assert.That(tampered.StandardError, Does.Contain("checksum mismatch"));
            Assert.That(replaced.ExitCode, Is.Not.Zero);
            Assert.That(replaced.StandardError, Does.Contain("backup chain broken"));
            Assert.That(after, Is.EqualTo(current), "nothing restored");
        });
    }

    [Test]
    public async Task Prune_never_keeps_an_incremental_without_the_backups_it_builds_on()
    {
        using var folder = new TempFolder("coldchain-backup");
        (string Name, string? Previous)[] backups =
        [
            ("20261120T000000000Z", null), ("20261120T020000000Z", "20261120T000000000Z"),
            ("20261120T120000000Z", null), ("20261120T140000000Z", "20261120T120000000Z"), ("20261120T160000000Z", "20261120T140000000Z"),
        ];
        foreach (var (name, previous) in backups)
        {
            Directory.CreateDirectory(folder.Combine(name));
            await File.WriteAllTextAsync(folder.Combine(name, "backup.info"), previous is null ? "kind=full\n" : $"kind=incremental\nprevious={previous}\n");
        }

        var prune = await BackupScript.RunAsync(new Dictionary<string, string> { ["BACKUP_ROOT"] = folder.Path, ["BACKUP_KEEP"] = "2" }, "prune");

        Assert.That(prune.ExitCode, Is.Zero, prune.StandardError);
        Assert.That(Directory.EnumerateDirectories(folder.Path).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "20261120T120000000Z", "20261120T140000000Z", "20261120T160000000Z" }), "the two newest and the full backup they need");
    }

    [Test]
    public async Task A_backup_whose_files_do_not_match_the_manifest_is_refused_before_anything_is_touched()
    {
        using var folder = new TempFolder("coldchain-backup");
        var (database, connection) = await CreatePostgresDatabaseAsync();
        var environment = Environment(folder.Path, database, influxDatabase: null);
        var backup = await BackupScript.RunAsync(environment, "backup");
        Assert.That(backup.ExitCode, Is.Zero, backup.StandardError);
        await ExecuteAsync(connection, "INSERT INTO assets (name) VALUES ('added after the backup')");
        var current = await PostgresFingerprintAsync(connection);
        var dump = Path.Combine(backup.StandardOutput, "postgres.dump");
        var bytes = await File.ReadAllBytesAsync(dump);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(dump, bytes);

        var restore = await BackupScript.RunAsync(environment, "restore", backup.StandardOutput);

        Assert.That(restore.ExitCode, Is.Not.Zero);
        Assert.That(restore.StandardError, Does.Contain("checksum mismatch"));
        Assert.That(await PostgresFingerprintAsync(connection), Is.EqualTo(current), "nothing restored");
    }

    [Test]
    public async Task The_embedded_SQLite_files_are_backed_up_online_and_restored()
    {
        using var folder = new TempFolder("coldchain-backup");
        var telemetry = folder.Combine("data", "telemetry.db");
        var store = new SqliteTelemetryStore(Options.Create(new SqliteStoreOptions { Path = telemetry }));
        var readings = DemoData.Readings().Take(5_000).ToList();
        await store.WriteAsync(readings, CancellationToken.None);
        var query = new ReadingQuery("cold-room-1", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var before = await store.QueryAsync(query, CancellationToken.None);
        var environment = new Dictionary<string, string> { ["BACKUP_ROOT"] = folder.Combine("backups"), ["SQLITE_FILES"] = telemetry };

        var backup = await BackupScript.RunAsync(environment, "backup");
        SqliteConnection.ClearAllPools();
        File.Delete(telemetry);
        var restore = await BackupScript.RunAsync(environment, "restore", backup.StandardOutput);

        Assert.That((backup.ExitCode, restore.ExitCode), Is.EqualTo((0, 0)), backup.StandardError + restore.StandardError);
        Assert.That(await store.QueryAsync(query, CancellationToken.None), Is.EqualTo(before).And.Count.GreaterThan(1_000));
    }

    [Test]
    public async Task Prune_keeps_the_newest_backups_and_leaves_unfinished_ones_alone()
    {
        using var folder = new TempFolder("coldchain-backup");
        string[] backups = ["20261120T000000Z", "20261121T000000Z", "20261122T000000Z", "20261123T000000Z", "20261124T000000Z.partial"];
        foreach (var name in backups)
        {
            Directory.CreateDirectory(folder.Combine(name));
        }

        var prune = await BackupScript.RunAsync(new Dictionary<string, string> { ["BACKUP_ROOT"] = folder.Path, ["BACKUP_KEEP"] = "2" }, "prune");

        Assert.That(prune.ExitCode, Is.Zero, prune.StandardError);
        Assert.That(Directory.EnumerateDirectories(folder.Path).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "20261122T000000Z", "20261123T000000Z", "20261124T000000Z.partial" }));
    }

    private Dictionary<string, string> Environment(string root, string? postgresDatabase, string? influxDatabase)
    {
        var environment = new Dictionary<string, string> { ["BACKUP_ROOT"] = Path.Combine(root, "backups") };
        if (postgresDatabase is not null)
        {
            environment["PGHOST"] = "127.0.0.1";
            environment["PGPORT"] = _postgres.Port.ToString(CultureInfo.InvariantCulture);
            environment["PGUSER"] = "postgres";
            environment["PGDATABASE"] = postgresDatabase;
        }

        if (influxDatabase is not null)
        {
            environment["INFLUX_RPC"] = $"127.0.0.1:{_influx.RpcPort.ToString(CultureInfo.InvariantCulture)}";
            environment["INFLUX_DATABASE"] = influxDatabase;
            environment["INFLUX_URL"] = _influx.Url.ToString().TrimEnd('/');
        }

        return environment;
    }

    /// <summary>A database shaped like the platform's: an asset table and a hash-chained audit table with a few thousand rows.</summary>
    private async Task<(string Database, string Connection)> CreatePostgresDatabaseAsync()
    {
        var database = $"backup_{Guid.NewGuid():N}"[..20];
        var admin = $"Host=127.0.0.1;Port={_postgres.Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=false";
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var connection = $"Host=127.0.0.1;Port={_postgres.Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=false";
        await ExecuteAsync(connection, """
            CREATE TABLE assets (id serial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE audit_entries (seq bigint PRIMARY KEY, at timestamptz NOT NULL, action text NOT NULL, hash bytea NOT NULL);
            INSERT INTO assets (name) SELECT '冷库 cold room ' || g FROM generate_series(1, 200) g;
            INSERT INTO audit_entries SELECT g, timestamptz '2026-11-25 00:00:00+00' + g * interval '1 second', 'asset.updated', sha256(g::text::bytea) FROM generate_series(1, 5000) g;
            """);
        return (database, connection);
    }

    private static async Task<(long Rows, string Hash)> PostgresFingerprintAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM assets) + (SELECT count(*) FROM audit_entries),
                   md5((SELECT string_agg(id || name, ',' ORDER BY id) FROM assets) || (SELECT string_agg(seq || action || encode(hash, 'hex') || at, ',' ORDER BY seq) FROM audit_entries))
            """,
            db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task RehashAsync(string folder)
    {
        var lines = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories) // "*.*" is every file in .NET
            .Where(f => Path.GetFileName(f) != "SHA256SUMS")
            .Select(f => "./" + Path.GetRelativePath(folder, f))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, f))))}  {f}");
        await File.WriteAllLinesAsync(Path.Combine(folder, "SHA256SUMS"), lines);
    }

    private Task WriteReadingsAsync(string database) => WriteReadingsAsync(database, DemoData.Readings());

    private async Task WriteReadingsAsync(string database, IReadOnlyList<StoredReading> readings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Kind"] = "Influx",
            ["Storage:Influx:Url"] = _influx.Url.ToString(),
            ["Storage:Influx:Database"] = database,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddTelemetryStore(configuration).BuildServiceProvider();
        await services.GetRequiredService<ITelemetryStore>().WriteAsync(readings, CancellationToken.None);
    }

    /// <summary>Points per measurement and a hash of every temperature point (time, tags, value, status).</summary>
    private async Task<(long Points, string Hash)> InfluxFingerprintAsync(string database)
    {
        var counts = await InfluxAsync(database, "SELECT count(\"status\") FROM \"temperature\", \"humidity\", \"door\"");
        var points = counts["results"]![0]!["series"]?.AsArray().Sum(s => s!["values"]![0]![1]!.GetValue<long>()) ?? 0;
        var all = await InfluxAsync(database, "SELECT * FROM \"temperature\"");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(all["results"]![0]!["series"]?.ToJsonString() ?? string.Empty)));
        return (points, hash);
    }

    private async Task<JsonNode> InfluxAsync(string database, string query)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = database, ["q"] = query, ["epoch"] = "ms" });
        using var response = await _http.PostAsync("query", content);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
