using System.Net;
using ColdChain.Ingest.LoadTest.Load;
using ColdChain.Ingest.Tests.Consuming;
using ColdChain.Testing;

namespace ColdChain.Ingest.Tests.Hosting;

/// <summary>The standalone worker's <c>/metrics</c> and probes, scraped while it ingests into a real mosquitto and influxd.</summary>
[TestFixture]
public sealed class MetricsEndpointTests
{
    [Test]
    public async Task Metrics_count_what_the_worker_stored_and_refused_and_the_probes_say_ready()
    {
        await using var broker = await MosquittoServer.StartAsync();
        await using var influx = await InfluxDbServer.StartAsync();
        var settings = IngestSettings.For(broker.Port, influx.Url, InfluxDbServer.NewDatabaseName(), $"metrics-{Guid.NewGuid():N}", $"ingest-{Guid.NewGuid():N}"[..20]);
        await using var worker = await IngestWorkerProcess.StartAsync(settings, CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = worker.MetricsUrl!;
        var before = await PrometheusScrape.ReadAsync(http, metrics, CancellationToken.None);
        await using (var gateway = await Publisher.ConnectAsync(broker.Port))
        {
            for (var seq = 1; seq <= 5; seq++)
            {
                await gateway.PublishAsync(Batches.Telemetry("site-m", "gw-1", "room-1", readings: 20, seq: seq));
            }

            await gateway.PublishAsync("coldchain/v1/site-m/gw-1/telemetry", "not json"u8.ToArray());
        }

        var after = await Eventually.ReturnsAsync(
            () => PrometheusScrape.ReadAsync(http, metrics, CancellationToken.None),
            text => PrometheusScrape.Sum(text, "coldchain_ingest_readings_stored_total") >= 100 && PrometheusScrape.Sum(text, "coldchain_ingest_dead_letters_total") >= 1,
            TimeSpan.FromSeconds(30),
            "100 readings and 1 dead letter counted");

        using var ready = await http.GetAsync(new Uri(metrics, "/health/ready"));
        Assert.Multiple(() =>
        {
            Assert.That(PrometheusScrape.Sum(before, "coldchain_ingest_readings_stored_total") ?? 0, Is.Zero);
            Assert.That(PrometheusScrape.Sum(after, "coldchain_ingest_readings_stored_total"), Is.EqualTo(100));
            Assert.That(PrometheusScrape.Sum(after, "coldchain_ingest_messages_total"), Is.EqualTo(6));
            Assert.That(PrometheusScrape.Sum(after, "coldchain_ingest_dead_letters_total"), Is.EqualTo(1));
            Assert.That(PrometheusScrape.Sum(after, "coldchain_ingest_batch_readings_count"), Is.GreaterThanOrEqualTo(1), "batch-size histogram");
            Assert.That(PrometheusScrape.Sum(after, "coldchain_ingest_store_write_duration_seconds_count"), Is.GreaterThanOrEqualTo(1), "write-latency histogram");
            Assert.That(PrometheusScrape.Sum(after, "coldchain_ingest_broker_connected"), Is.EqualTo(1));
            Assert.That(PrometheusScrape.Sum(after, "coldchain_ingest_store_available"), Is.EqualTo(1));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
