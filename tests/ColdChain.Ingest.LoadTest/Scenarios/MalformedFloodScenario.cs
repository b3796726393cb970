using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ColdChain.Ingest.LoadTest.Load;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// Malformed payloads of every kind (random bytes, truncated JSON, wrong schema, huge, NaN, foreign gateway, far-future
/// time, implausible value) interleaved with valid ones: every valid reading is stored, every bad message is
/// dead-lettered with a reason, and ingest still takes good input afterwards.
/// </summary>
public static partial class MalformedFloodScenario
{
    public sealed record Settings(int Malformed = 10_000, int MalformedPerValid = 5, int HugeEvery = 500, TimeSpan? DrainTimeout = null);

    public static async Task<ProofResult> RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        await using var servers = await Servers.StartAsync(cancellationToken);
        var database = Servers.NewName("flood");
        var site = "flood";
        using var probe = new InfluxProbe(servers.Influx.Url, database);
        var fleet = new Fleet(new LoadShape("flood", 50, 10), site, TimeProvider.System);
        var junk = new Fleet(new LoadShape("junk", 50, 10), site, TimeProvider.System);
        await using var ingest = await InProcessIngest.StartAsync(
            IngestSettings.For(servers.Broker.Port, servers.Influx.Url, database, "loadtest-ingest-flood", "ingest"), cancellationToken);
        await using var publisher = await LoadPublisher.ConnectAsync(servers.Broker.Port, cancellationToken: cancellationToken);

        for (var i = 0; i < settings.Malformed; i++)
        {
            var (topic, payload) = Malformed(i, junk, settings.HugeEvery);
            await publisher.StartPublishAsync(topic, payload, cancellationToken);
            if (i % settings.MalformedPerValid == 0)
            {
                var (validTopic, batch) = fleet.Next();
                await publisher.StartPublishAsync(validTopic, Fleet.Encode(batch), cancellationToken);
            }
        }

        await publisher.DrainAsync(cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  published {settings.Malformed:N0} malformed and {fleet.TotalReadings / 10:N0} valid messages"));

        await probe.WaitForReadingsAsync(site, fleet.TotalReadings, settings.DrainTimeout ?? TimeSpan.FromMinutes(3), cancellationToken);
        var deadLetters = await WaitForDeadLettersAsync(probe, settings.Malformed, settings.DrainTimeout ?? TimeSpan.FromMinutes(3), cancellationToken);

        // Healthy afterwards: one more good batch goes through.
        var (lastTopic, last) = fleet.Next();
        await (await publisher.StartPublishAsync(lastTopic, Fleet.Encode(last), cancellationToken));
        await probe.WaitForReadingsAsync(site, fleet.TotalReadings, TimeSpan.FromSeconds(60), cancellationToken);
        var (exact, summary) = ProofResult.Compare(fleet.ReadingsPerGateway, await probe.ReadingsPerGatewayAsync(site, cancellationToken));
        var reasons = string.Join(", ", deadLetters.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value}")));
        var total = deadLetters.Values.Sum();
        return new ProofResult(
            string.Create(CultureInfo.InvariantCulture, $"{settings.Malformed:N0} malformed payloads interleaved with valid ones"),
            exact && total == settings.Malformed && ingest.Readiness.IsSubscribed,
            string.Create(CultureInfo.InvariantCulture, $"{summary}; dead-lettered {total:N0} of {settings.Malformed:N0} ({reasons}); subscribed afterwards: {ingest.Readiness.IsSubscribed}"));
    }

    private static async Task<Dictionary<string, long>> WaitForDeadLettersAsync(InfluxProbe probe, long expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var counts = await probe.DeadLettersAsync(cancellationToken);
        try
        {
            while (counts.Values.Sum() < expected)
            {
                await Task.Delay(500, deadline.Token);
                counts = await probe.DeadLettersAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: the result shows the shortfall.
        }

        return counts;
    }

    private static (string Topic, byte[] Payload) Malformed(int i, Fleet junk, int hugeEvery)
    {
        var (topic, batch) = junk.Next();
        if (hugeEvery > 0 && i % hugeEvery == hugeEvery - 1)
        {
            // Over the 1 MiB limit: refused before decoding.
            return (topic, Encoding.UTF8.GetBytes("{\"schema\":\"coldchain.telemetry.v1\",\"padding\":\"" + new string('x', 1_200_000) + "\"}"));
        }

        var json = Encoding.UTF8.GetString(Fleet.Encode(batch));
        return (i % 8) switch
        {
            0 => (topic, RandomBytes(i)),
            1 => (topic, Encoding.UTF8.GetBytes(json[..(json.Length / 2)])),
            2 => (topic, Encoding.UTF8.GetBytes(json.Replace("coldchain.telemetry.v1", "coldchain.telemetry.v9", StringComparison.Ordinal))),
            3 => (topic, Encoding.UTF8.GetBytes(FirstValue().Replace(json, "\"value\":NaN", 1))),
            4 => (topic, Fleet.Encode(batch with { Gateway = "someone-else" })),
            5 => (topic, Fleet.Encode(batch with { Readings = [.. batch.Readings.Select(r => r with { Time = r.Time.AddDays(1) })] })),
            6 => (topic, Fleet.Encode(batch with { Readings = [.. batch.Readings.Select(r => r with { Value = 999 })] })),
            _ => ($"coldchain/v1/{batch.Site}/bad gateway id/telemetry", Fleet.Encode(batch)),
        };
    }

    private static byte[] RandomBytes(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[random.Next(16, 2048)];
        random.NextBytes(bytes);
        return bytes;
    }

    [GeneratedRegex("\"value\":-?[0-9.eE+-]+")]
    private static partial Regex FirstValue();
}
