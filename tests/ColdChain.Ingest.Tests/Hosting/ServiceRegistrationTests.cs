using ColdChain.Ingest.Consuming;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.DeadLetters.Influx;
using ColdChain.Ingest.DeadLetters.Sqlite;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Sequencing.Influx;
using ColdChain.Ingest.Sequencing.Sqlite;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Influx;
using ColdChain.Ingest.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Hosting;

/// <summary>The wiring the platform and the worker call: <c>AddTelemetryStore</c> and <c>AddIngest</c>.</summary>
public sealed class ServiceRegistrationTests
{
    [Test]
    public void Without_a_storage_kind_the_store_is_sqlite()
    {
        using var services = Build(new() { ["Storage:Sqlite:Path"] = "/tmp/coldchain-unused.db" });

        Assert.That(services.GetRequiredService<ITelemetryStore>(), Is.InstanceOf<SqliteTelemetryStore>());
    }

    [Test]
    public void Storage_kind_influx_gives_the_influx_store_with_its_settings()
    {
        using var services = Build(new()
        {
            ["Storage:Kind"] = "influx",
            ["Storage:Influx:Url"] = "http://influx.example:8086",
            ["Storage:Influx:Database"] = "cold",
            ["Storage:Influx:Token"] = "t",
        });

        var store = services.GetRequiredService<ITelemetryStore>();

        Assert.That(store, Is.InstanceOf<InfluxTelemetryStore>());
        Assert.That(((InfluxTelemetryStore)store).Database, Is.EqualTo("cold"));
        Assert.That(services.GetRequiredService<ITelemetryStore>(), Is.SameAs(store));
    }

    [Test]
    public void An_unknown_storage_kind_fails_at_registration_with_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Storage:Kind"] = "Mongo" }));

        Assert.That(error!.Message, Does.Contain("Sqlite").And.Contain("Influx"));
    }

    [Test]
    public void Ingest_options_default_to_a_local_broker_and_a_shared_subscription()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<IngestOptions>>().Value;

        Assert.That((options.Broker.Host, options.Broker.Port, options.UseSharedSubscription, options.ShareGroup), Is.EqualTo(("127.0.0.1", 1883, true, "ingest")));
        Assert.That(options.EffectiveClientId, Does.StartWith("coldchain-ingest-"));
    }

    [TestCase("Ingest:Broker:Port", "0")]
    [TestCase("Ingest:Broker:Host", "")]
    [TestCase("Ingest:ShareGroup", "bad/group")]
    [TestCase("Storage:Influx:Url", "ftp://influx")]
    [TestCase("Ingest:Writer:MaxBatchesInFlight", "0")]
    [TestCase("Ingest:Writer:MaxBatchMessages", "2000")]
    [TestCase("Ingest:Validation:MaxAge", "00:00:01")]
    public void A_bad_setting_fails_when_the_host_starts(string key, string value)
    {
        using var services = Build(new() { ["Storage:Kind"] = "Influx", [key] = value });

        // What the host runs before starting any hosted service (ValidateOnStart).
        var startup = services.GetRequiredService<IStartupValidator>();

        Assert.Throws<OptionsValidationException>(startup.Validate);
    }

    [TestCase("Sqlite", typeof(SqliteDeadLetterStore), typeof(SqliteSequenceLedger))]
    [TestCase("Influx", typeof(InfluxDeadLetterStore), typeof(InfluxSequenceLedger))]
    public void Ingest_keeps_dead_letters_and_batch_receipts_on_the_same_kind_of_store_as_readings(string kind, Type deadLetters, Type ledger)
    {
        using var services = Build(new() { ["Storage:Kind"] = kind, ["Storage:Sqlite:Path"] = "/tmp/coldchain-unused.db" });

        Assert.That(services.GetRequiredService<IDeadLetterStore>(), Is.InstanceOf(deadLetters));
        Assert.That(services.GetRequiredService<ISequenceLedger>(), Is.InstanceOf(ledger));
    }

    [Test]
    public void The_platform_can_register_the_dead_letter_store_without_ingest_and_twice_without_harm()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Kind"] = "Influx" }).Build();
        using var services = new ServiceCollection()
            .AddDeadLetterStore(configuration)
            .AddDeadLetterStore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.That(services.GetServices<IDeadLetterStore>().Count(), Is.EqualTo(1));
        Assert.That(services.GetRequiredService<IDeadLetterStore>(), Is.InstanceOf<InfluxDeadLetterStore>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddTelemetryStore(configuration)
            .AddIngest(configuration)
            .BuildServiceProvider();
    }
}
