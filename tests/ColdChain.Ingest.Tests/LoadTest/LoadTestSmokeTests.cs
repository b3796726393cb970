using ColdChain.Ingest.LoadTest.Scenarios;

namespace ColdChain.Ingest.Tests.LoadTest;

/// <summary>
/// The load-test proofs in miniature (seconds, not minutes), run by CI so the tool behind <c>./build.sh bench</c> keeps
/// working and the properties it proves at scale hold at small scale too. Real mosquitto, influxd and ingest worker.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LoadTestSmokeTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Every_reading_is_stored_exactly_once_although_the_ingest_worker_is_killed_with_sigkill()
    {
        var result = await KillNineScenario.RunAsync(
            new KillNineScenario.Settings(Readings: 8_000, ReadingsPerSecond: 2_000, MinSecondsAlive: 1.5, MaxSecondsAlive: 2, DrainTimeout: Drain), TestContext.Out, CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public async Task Nothing_is_lost_while_influxd_is_stopped_and_nothing_is_stored_until_it_is_back()
    {
        var result = await StoreOutageScenario.RunAsync(
            new StoreOutageScenario.Settings(ReadingsPerSecond: 1_000, SecondsBefore: 2, OutageSeconds: 3, SecondsAfter: 2, DrainTimeout: Drain), TestContext.Out, CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public async Task Nothing_is_lost_when_mosquitto_restarts_mid_run_with_a_plain_subscription()
    {
        var result = await BrokerRestartScenario.RunAsync(
            new BrokerRestartScenario.Settings(Readings: 6_000, ReadingsPerSecond: 2_000, RestartAfterSeconds: 1.5, DownSeconds: 1, SharedSubscription: false, DrainTimeout: Drain),
            TestContext.Out,
            CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public async Task Nothing_is_lost_when_mosquitto_restarts_mid_run_with_a_shared_subscription()
    {
        // mosquitto 2.0 does not restore a shared subscription: until ingest subscribes again it answers "no matching
        // subscribers", and the publisher keeps the batch, as the edge outbox does.
        var result = await BrokerRestartScenario.RunAsync(
            new BrokerRestartScenario.Settings(Readings: 6_000, ReadingsPerSecond: 2_000, RestartAfterSeconds: 1.5, DownSeconds: 1, SharedSubscription: true, DrainTimeout: Drain),
            TestContext.Out,
            CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public async Task Nothing_is_lost_when_mosquitto_restarts_mid_run_beside_the_alarm_monitor_which_subscribes_behind_ingest()
    {
        // A plain subscriber here was restored by mosquitto and made it answer "success" before ingest was back.
        var result = await BrokerRestartScenario.RunAsync(
            new BrokerRestartScenario.Settings(Readings: 6_000, ReadingsPerSecond: 2_000, RestartAfterSeconds: 1.5, DownSeconds: 1, DrainTimeout: Drain, AlarmMonitorStandIn: true),
            TestContext.Out,
            CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public async Task Malformed_payloads_are_all_dead_lettered_and_every_valid_reading_among_them_is_stored()
    {
        var result = await MalformedFloodScenario.RunAsync(new MalformedFloodScenario.Settings(Malformed: 300, MalformedPerValid: 5, HugeEvery: 100, DrainTimeout: Drain), TestContext.Out, CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.ToString());
    }

    [Test]
    public async Task The_benchmark_measures_both_load_shapes_and_the_raw_baseline_without_loss()
    {
        var results = await Benchmark.RunAsync(
            new Benchmark.Settings(Seconds: 3, WarmUpSeconds: 1, BaselineSeconds: 1, RateA: 5_000, RateB: 2_000, DrainTimeout: Drain), TestContext.Out, CancellationToken.None);

        Assert.That(results.Select(r => r.Shape.Gateways), Is.EqualTo(new[] { 50, 500 }));
        Assert.That(results, Has.All.Matches<Benchmark.ShapeResult>(r => r.ZeroLoss && r.StoredRate > 0 && r.P99Ms >= r.P50Ms && r.SameBatches.ReadingsPerSecond > 0 && r.BigBatches.ReadingsPerSecond > 0));
    }

    [Test]
    public async Task Three_ingest_workers_in_one_share_group_each_take_a_share_and_together_store_every_reading_once()
    {
        var result = await ScaleOutScenario.RunAsync(
            new ScaleOutScenario.Settings(Instances: 3, Gateways: 100, ReadingsPerSecond: 2_000, Seconds: 3, DrainTimeout: Drain), TestContext.Out, CancellationToken.None);

        Assert.That(result.Passed, Is.True, result.ToString());
    }
}
