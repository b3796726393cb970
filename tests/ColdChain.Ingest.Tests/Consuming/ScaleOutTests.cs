using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Storage.Sqlite;
using ColdChain.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Tests.Consuming;

/// <summary>Two ingest instances in one shared-subscription group on a real mosquitto split the load and lose nothing.</summary>
[TestFixture]
public sealed class ScaleOutTests
{
    [Test]
    public async Task Two_instances_in_one_share_group_split_the_batches_and_together_store_every_reading()
    {
        await using var broker = await MosquittoServer.StartAsync();
        using var folder = new TempFolder("coldchain-scale-out");
        var shared = new SqliteTelemetryStore(Options.Create(new SqliteStoreOptions { Path = folder.Combine("telemetry.db") }));
        var first = new CountingStore(shared);
        var second = new CountingStore(shared);
        var group = $"ingest-{Guid.NewGuid():N}"[..20];
        var site = $"site-{Guid.NewGuid():N}"[..20];
        var batches = Enumerable.Range(1, 40).Select(seq => Batches.Telemetry(site, $"gw-{seq % 4}", $"room-{seq % 4}", readings: 10, seq: seq)).ToList();
        try
        {
            await using (var a = await IngestHost.StartAsync(first, broker.Port, $"{group}-a", dataPath: folder.Combine("a.db"), shareGroup: group))
            await using (var b = await IngestHost.StartAsync(second, broker.Port, $"{group}-b", dataPath: folder.Combine("b.db"), shareGroup: group))
            await using (var gateway = await Publisher.ConnectAsync(broker.Port))
            {
                foreach (var batch in batches)
                {
                    await gateway.PublishAsync(batch);
                }

                await Eventually.TrueAsync(() => first.Readings + second.Readings >= 400, TimeSpan.FromSeconds(30), "400 readings written");
            }

            Assert.That(first.Readings, Is.GreaterThan(0), "the first instance took a share");
            Assert.That(second.Readings, Is.GreaterThan(0), "the second instance took a share");
            for (var room = 0; room < 4; room++)
            {
                var stored = await shared.QueryAsync(new ReadingQuery($"room-{room}", DateTimeOffset.MinValue, DateTimeOffset.MaxValue), CancellationToken.None);

                // Batches made in the same millisecond share timestamps: idempotent writes leave one point per key.
                var expected = batches.SelectMany(b => b.Readings).Where(r => r.Asset == $"room-{room}").Select(r => r.Time).Distinct().Count();
                Assert.That(stored, Has.Count.EqualTo(expected), $"room-{room}");
            }

            Assert.That(first.Readings + second.Readings, Is.EqualTo(400), "every batch written once: none twice, none lost");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Counts what one instance wrote, and passes it on to the shared store.</summary>
    private sealed class CountingStore(ITelemetryStore inner) : ITelemetryStore
    {
        private int _readings;

        public int Readings => Volatile.Read(ref _readings);

        public async Task WriteAsync(IReadOnlyCollection<StoredReading> readings, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(readings, cancellationToken);
            Interlocked.Add(ref _readings, readings.Count);
        }

        public Task<IReadOnlyList<StoredReading>> QueryAsync(ReadingQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => inner.IsReadyAsync(cancellationToken);
    }
}
