using System.Globalization;
using ColdChain.Ingest.LoadTest.Scenarios;

// The ingest proofs and the throughput benchmark against real mosquitto and influxd (./build.sh bench).
//   dotnet run --project tests/ColdChain.Ingest.LoadTest -c Release -- [all|bench|proofs|kill9|store-outage|broker-restart|malformed]
//     [--seconds 60] [--baseline-seconds 15] [--rate-a 120000] [--rate-b 50000] [--readings 200000] [--outage-seconds 60]
//   ... -- scale-out [--instances 3] [--gateways 1000] [--rate 10000] [--seconds 60]   (1 instance as the baseline, then N)
var command = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
double Option(string name, double fallback)
{
    var i = Array.IndexOf(args, $"--{name}");
    return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var output = Console.Out;
var token = cancel.Token;
var readings = (long)Option("readings", 200_000);
await output.WriteLineAsync(string.Create(
    CultureInfo.InvariantCulture,
    $"ColdChain ingest load test '{command}' on {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC; mosquitto, influxd, ingest and the load generator share this machine"));

var proofs = new List<ProofResult>();
async Task Prove(string name, Func<Task<ProofResult>> run)
{
    if (command is "all" or "proofs" || command == name)
    {
        await output.WriteLineAsync($"== {name}");
        var result = await run();
        proofs.Add(result);
        await output.WriteLineAsync(result.ToString());
    }
}

await Prove("kill9", () => KillNineScenario.RunAsync(new KillNineScenario.Settings(Readings: readings), output, token));
await Prove("store-outage", () => StoreOutageScenario.RunAsync(new StoreOutageScenario.Settings(OutageSeconds: Option("outage-seconds", 60)), output, token));
await Prove("broker-restart", () => BrokerRestartScenario.RunAsync(new BrokerRestartScenario.Settings(Readings: readings), output, token));
await Prove("broker-restart", () => BrokerRestartScenario.RunAsync(new BrokerRestartScenario.Settings(Readings: readings, SharedSubscription: false), output, token));
if (command == "broker-restart-monitor")
{
    // The alarm monitor's stand-in beside ingest: subscribed behind ingest (IngestGate), it must not make the broker answer "success" while ingest is away.
    await Prove("broker-restart-monitor", () => BrokerRestartScenario.RunAsync(new BrokerRestartScenario.Settings(Readings: readings, AlarmMonitorStandIn: true), output, token));
}

await Prove("malformed", () => MalformedFloodScenario.RunAsync(new MalformedFloodScenario.Settings(), output, token));

if (command == "scale-out")
{
    var scale = new ScaleOutScenario.Settings(
        Instances: (int)Option("instances", 3), Gateways: (int)Option("gateways", 1_000), ReadingsPerSecond: Option("rate", 10_000), Seconds: Option("seconds", 60));
    await Prove("scale-out", () => ScaleOutScenario.RunAsync(scale with { Instances = 1 }, output, token));
    await Prove("scale-out", () => ScaleOutScenario.RunAsync(scale, output, token));
}

if (command is "all" or "bench")
{
    await output.WriteLineAsync("== bench");
    await Benchmark.RunAsync(
        new Benchmark.Settings(Option("seconds", 60), BaselineSeconds: Option("baseline-seconds", 15), RateA: Option("rate-a", 120_000), RateB: Option("rate-b", 50_000)),
        output,
        token);
}

if (proofs.Count > 0)
{
    await output.WriteLineAsync("== summary");
    foreach (var proof in proofs)
    {
        await output.WriteLineAsync(proof.ToString());
    }
}

return proofs.All(p => p.Passed) ? 0 : 1;
