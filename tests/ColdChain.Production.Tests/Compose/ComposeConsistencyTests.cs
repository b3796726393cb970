using System.Text.RegularExpressions;
using ColdChain.Edge.Simulation;
using ColdChain.Ingest.Storage;
using ColdChain.Platform;
using ColdChain.Platform.Alarms;
using ColdChain.Protocol.Topics;

namespace ColdChain.Production.Tests.Compose;

/// <summary>Docker cannot run here, so the compose file is checked against the code it deploys.</summary>
public sealed partial class ComposeConsistencyTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load();

    /// <summary>Our own services, the prefix their configuration reads environment variables with, and the code they run.</summary>
    private static readonly Dictionary<string, (string Prefix, OptionPaths Options)> OwnServices = new()
    {
        ["platform"] = (string.Empty, new OptionPaths(typeof(PlatformApp).Assembly, typeof(ITelemetryStore).Assembly, typeof(SimulatedFleet).Assembly)),
        ["ingest-1"] = ("COLDCHAIN_", new OptionPaths(typeof(ITelemetryStore).Assembly)),
        ["ingest-2"] = ("COLDCHAIN_", new OptionPaths(typeof(ITelemetryStore).Assembly)),
        ["edge-simulator"] = ("COLDCHAIN_", new OptionPaths(typeof(SimulatedFleet).Assembly)),
    };

    /// <summary>Keys read by the host rather than an options class: ASP.NET's <c>urls</c>, and whether the platform hosts ingest.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "urls", "Ingest:Enabled" };

    [Test]
    public void The_stack_has_every_part_the_design_names()
    {
        Assert.That(Compose.Services.Keys, Is.SupersetOf(new[] { "mosquitto", "influxdb", "postgres", "grafana", "platform", "ingest-1", "ingest-2", "edge-simulator", "prometheus", "backup" }));
    }

    [Test]
    public void Every_image_is_pinned_to_a_version()
    {
        var images = Compose.Services.Values.Where(s => s.ContainsKey("image")).Select(s => (string)s["image"])
            .Concat(Dockerfiles().SelectMany(d => File.ReadLines(d).Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1])));

        Assert.That(images, Has.All.Matches<string>(image => PinnedImage().IsMatch(image)), "an image:tag with a version, never latest");
    }

    [Test]
    public void Every_service_has_a_healthcheck_and_every_one_shot_job_is_awaited_to_its_successful_end()
    {
        var jobs = Compose.Services.Where(s => s.Value.TryGetValue("restart", out var r) && (string)r == "no").Select(s => s.Key).ToList();
        var awaited = Compose.Services.Values.Where(s => s.ContainsKey("depends_on"))
            .SelectMany(s => ComposeFile.Map(s["depends_on"]))
            .Where(d => (string)ComposeFile.Map(d.Value)["condition"] == "service_completed_successfully")
            .Select(d => (string)d.Key);

        Assert.Multiple(() =>
        {
            Assert.That(Compose.Services.Where(s => !jobs.Contains(s.Key) && !s.Value.ContainsKey("healthcheck")).Select(s => s.Key), Is.Empty);
            Assert.That(jobs, Is.SubsetOf(awaited), "a job's exit code is its health: something waits for it");
        });
    }

    [Test]
    public void Grafana_gets_every_setting_its_provisioned_datasources_use_and_its_alarm_login_is_granted_by_a_committed_script()
    {
        var provisioning = Directory.EnumerateFiles(Repository.PathOf("dashboards/provisioning/datasources"), "*.yml").Select(File.ReadAllText).ToList();
        var used = provisioning.SelectMany(p => Reference().Matches(p).Select(m => m.Groups[1].Value)).ToHashSet();
        var grafana = ComposeFile.Environment(Compose.Services["grafana"]);
        var reader = Compose.Services["grafana-reader"];

        Assert.Multiple(() =>
        {
            Assert.That(used, Is.SubsetOf(grafana.Keys));
            Assert.That(ComposeFile.List(reader, "volumes"), Has.Some.StartWith("./deploy/postgres/grafana-reader.sql:"));
            Assert.That(ComposeFile.Map(reader["depends_on"]).Keys, Does.Contain("platform"), "the alarms table exists once the platform has migrated");
            Assert.That(ComposeFile.Environment(reader)["GRAFANA_PG_USER"], Is.EqualTo(grafana["GRAFANA_PG_USER"]));
        });
    }

    [Test]
    public void Every_environment_variable_of_our_services_binds_an_option_the_service_reads()
    {
        var problems = new List<string>();
        foreach (var (service, (prefix, options)) in OwnServices)
        {
            foreach (var name in ComposeFile.Environment(Compose.Services[service]).Keys)
            {
                if (!name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    problems.Add($"{service}: {name} lacks the {prefix} prefix the service reads");
                    continue;
                }

                var key = name[prefix.Length..].Replace("__", ":", StringComparison.Ordinal);
                if (!HostKeys.Contains(key) && options.Problem(key) is { } problem)
                {
                    problems.Add($"{service}: {name}: {problem}");
                }
            }
        }

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Secrets_come_from_the_environment_file_and_are_never_committed()
    {
        var environment = Compose.Services.SelectMany(s => ComposeFile.Environment(s.Value).Select(e => (Service: s.Key, e.Key, e.Value))).ToList();
        var secrets = environment.Where(e => SecretName().IsMatch(e.Key)).ToList();
        var referenced = environment.SelectMany(e => Reference().Matches(e.Value).Select(m => m.Groups[1].Value)).ToHashSet();
        var example = File.ReadLines(Repository.PathOf(".env.example")).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')).Select(l => l.Split('=')[0]).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(secrets, Is.Not.Empty);
            Assert.That(secrets.Where(s => !s.Value.Contains("${", StringComparison.Ordinal)).Select(s => $"{s.Service}: {s.Key}"), Is.Empty, "a secret's value is a ${VARIABLE} from .env");
            Assert.That(referenced.Except(example), Is.Empty, ".env.example names every variable the compose file uses");
            Assert.That(File.ReadAllLines(Repository.PathOf(".gitignore")), Does.Contain(".env"));
        });
    }

    [Test]
    public void Two_ingest_instances_split_the_load_in_one_shared_group_with_stable_distinct_client_ids()
    {
        var one = ComposeFile.Environment(Compose.Services["ingest-1"]);
        var two = ComposeFile.Environment(Compose.Services["ingest-2"]);

        Assert.Multiple(() =>
        {
            Assert.That(one["COLDCHAIN_Ingest__ClientId"], Is.Not.EqualTo(two["COLDCHAIN_Ingest__ClientId"]));
            Assert.That(one["COLDCHAIN_Ingest__ShareGroup"], Is.EqualTo(two["COLDCHAIN_Ingest__ShareGroup"]));
            Assert.That((one["COLDCHAIN_Ingest__UseSharedSubscription"], two["COLDCHAIN_Ingest__UseSharedSubscription"]), Is.EqualTo(("true", "true")));
        });
    }

    [Test]
    public void The_mosquitto_accounts_let_ingest_read_the_probe_with_the_gateways_topics_and_the_alarm_monitor_write_it()
    {
        var platform = ComposeFile.Environment(Compose.Services["platform"]);
        var accounts = platform.Where(e => AccountUsername().IsMatch(e.Key))
            .ToDictionary(e => e.Value, e => platform.Where(r => r.Key.StartsWith(e.Key.Replace("Username", "Rules__", StringComparison.Ordinal), StringComparison.Ordinal)).Select(r => r.Value).ToList());
        var ingest = accounts[ComposeFile.Environment(Compose.Services["ingest-1"])["COLDCHAIN_Ingest__Broker__Username"]];
        var monitor = accounts[platform["Ingest__Broker__Username"]];
        string[] gatewayFilters = [.. new[] { TopicKind.Telemetry, TopicKind.Events, TopicKind.Status }.Select(ColdChainTopics.AllOf)];

        Assert.Multiple(() =>
        {
            Assert.That(ComposeFile.Environment(Compose.Services["ingest-2"])["COLDCHAIN_Ingest__Broker__Username"], Is.EqualTo(ComposeFile.Environment(Compose.Services["ingest-1"])["COLDCHAIN_Ingest__Broker__Username"]));
            Assert.That(gatewayFilters.Append(ColdChainTopics.IngestProbe).Where(f => !Allows(ingest, "read", f)), Is.Empty, "ingest subscribes these in one packet");
            Assert.That(gatewayFilters.Where(f => !Allows(monitor, "read", f)), Is.Empty, "the alarm monitor reads what ingest reads");
            Assert.That(Allows(monitor, "write", ColdChainTopics.IngestProbe), Is.True, "the alarm monitor probes for ingest");
            Assert.That(platform.GetValueOrDefault("Alarms__Subscription", nameof(AlarmSubscription.SharedAfterIngest)), Is.EqualTo(nameof(AlarmSubscription.SharedAfterIngest)), "behind ingest on mosquitto");
        });
    }

    [Test]
    public void Prometheus_scrapes_the_metrics_listener_of_the_platform_and_of_every_ingest_instance()
    {
        var scrape = File.ReadAllText(Repository.PathOf("deploy/prometheus/prometheus.yml"));
        var targets = ScrapeTarget().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet();
        var expected = OwnServices.Where(s => s.Key != "edge-simulator").Select(s =>
        {
            var url = ComposeFile.Environment(Compose.Services[s.Key])[$"{s.Value.Prefix}Metrics__Url"];
            return $"{s.Key}:{url[(url.LastIndexOf(':') + 1)..]}";
        });

        Assert.That(targets, Is.EquivalentTo(expected));
        Assert.That(ComposeFile.List(Compose.Services["prometheus"], "volumes"), Has.Some.StartWith("./deploy/prometheus/prometheus.yml:"));
    }

    [Test]
    public void The_backup_job_sets_only_settings_the_backup_script_reads_and_backs_up_every_store()
    {
        var script = File.ReadAllText(Repository.PathOf("deploy/backup/coldchain-backup.sh")) + File.ReadAllText(Repository.PathOf("deploy/backup/Dockerfile"));
        var environment = ComposeFile.Environment(Compose.Services["backup"]);

        Assert.That(environment.Keys.Where(k => !script.Contains(k, StringComparison.Ordinal)), Is.Empty, "every variable is one the script (or the image's loop) reads");
        Assert.That(environment.Keys, Is.SupersetOf(new[] { "BACKUP_ROOT", "PGDATABASE", "INFLUX_DATABASE", "INFLUX_RPC", "MOSQUITTO_DB" }));
        Assert.That(ComposeFile.Environment(Compose.Services["influxdb"])["INFLUXDB_BIND_ADDRESS"], Does.EndWith(":8088"), "influxd's backup service reachable from the job");
    }

    [Test]
    public void Dockerfiles_build_projects_that_exist_and_run_as_a_non_root_user()
    {
        foreach (var dockerfile in Dockerfiles().Where(d => File.ReadAllText(d).Contains("dotnet publish", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(dockerfile);
            var project = PublishedProject().Match(text).Groups[1].Value;
            Assert.That(File.Exists(Repository.PathOf(project)), Is.True, $"{dockerfile} publishes {project}");
            Assert.That(text, Does.Contain($"\"{Path.GetFileNameWithoutExtension(project)}.dll\""), $"{dockerfile} runs what it publishes");
            Assert.That(text, Does.Contain("USER $APP_UID"), $"{dockerfile} drops root");
        }
    }

    [Test]
    public void Mounted_files_and_named_volumes_exist_and_ports_are_published_on_loopback_only()
    {
        var mounts = Compose.Services.Values.SelectMany(s => ComposeFile.List(s, "volumes")).Select(v => v.Split(':')[0]).ToList();
        var ports = Compose.Services.Values.SelectMany(s => ComposeFile.List(s, "ports")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(mounts.Where(m => m.StartsWith("./", StringComparison.Ordinal)).Where(m => !Path.Exists(Repository.PathOf(m[2..]))), Is.Empty, "bind-mounted paths exist");
            Assert.That(mounts.Where(m => !m.StartsWith("./", StringComparison.Ordinal)).Distinct(), Is.SubsetOf(Compose.DeclaredVolumes), "named volumes are declared");
            Assert.That(ports, Is.Not.Empty);
            Assert.That(ports, Has.All.StartWith("127.0.0.1:"));
        });
    }

    [Test]
    public void The_backup_image_copies_the_committed_script_and_drops_root()
    {
        var text = File.ReadAllText(Repository.PathOf("deploy/backup/Dockerfile"));

        Assert.That(text, Does.Contain("COPY deploy/backup/coldchain-backup.sh "));
        Assert.That(text, Does.Match(@"(?m)^USER (?!root)\S+"));
    }

    /// <summary>Whether one of mosquitto's <c>topic {access} {pattern}</c> lines covers <paramref name="filter"/> (its wildcards as literal levels).</summary>
    private static bool Allows(IEnumerable<string> rules, string access, string filter) => rules.Select(r => r.Split(' ', 2)).Any(rule =>
    {
        if (rule.Length != 2 || (rule[0] != access && rule[0] != "readwrite"))
        {
            return false;
        }

        var pattern = rule[1].Split('/');
        var levels = filter.Split('/');
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == "#")
            {
                return true;
            }

            if (i >= levels.Length || (pattern[i] != "+" && pattern[i] != levels[i]))
            {
                return false;
            }
        }

        return pattern.Length == levels.Length;
    });

    private static IEnumerable<string> Dockerfiles() =>
        Compose.Services.Values.Where(s => s.ContainsKey("build")).Select(s => Repository.PathOf((string)ComposeFile.Map(s["build"])["dockerfile"]));

    [GeneratedRegex(@"^[a-z0-9./-]+:v?[0-9][A-Za-z0-9._-]*$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex("(PASSWORD|Password|SECRET|Secret|TOKEN|Token)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"""([a-z0-9-]+:[0-9]+)""")]
    private static partial Regex ScrapeTarget();

    [GeneratedRegex(@"^Gateways__ServiceAccounts__[0-9]+__Username$")]
    private static partial Regex AccountUsername();

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)")]
    private static partial Regex PublishedProject();
}
