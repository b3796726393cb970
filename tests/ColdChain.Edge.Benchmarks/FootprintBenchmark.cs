using System.Globalization;
using ColdChain.Testing;

namespace ColdChain.Edge.Benchmarks;

/// <summary>
/// The real edge binary with <c>--simulate</c>, 16 freezers × (temperature + door) = 32 sensors at 10 s, publishing to a
/// real mosquitto with a durable outbox; RSS sampled from /proc every second, CPU as (utime + stime) over the window.
/// </summary>
internal static class FootprintBenchmark
{
    public static async Task RunAsync(TimeSpan window)
    {
        using var data = new TempFolder("coldchain-bench-footprint");
        await using var broker = await MosquittoServer.StartAsync();
        await using var witness = await TelemetryWitness.StartAsync(broker.Host, broker.Port);
        var args = new List<string>
        {
            "--simulate", "--Gateway:Site=bench", "--Gateway:GatewayId=gw-footprint", "--Gateway:Broker:Host=127.0.0.1",
            $"--Gateway:Broker:Port={broker.Port.ToString(CultureInfo.InvariantCulture)}", $"--Gateway:DataDirectory={data.Path}",
            "--Gateway:SampleInterval=00:00:10", "--Gateway:PublishInterval=00:00:10", "--Logging:LogLevel:Default=Warning",
        };
        for (var i = 0; i < 16; i++)
        {
            args.Add($"--Gateway:Simulation:Assets:{i}:AssetId=freezer-{i:00}");
            args.Add($"--Gateway:Simulation:Assets:{i}:Kind=Freezer");
        }

        await using var edge = ServerProcess.Start(Path.Combine(AppContext.BaseDirectory, "ColdChain.Edge"), string.Join(' ', args), data.Path);

        // Let it start (JIT, first connect) before the window opens: the steady state is what a Pi lives in.
        await Task.Delay(TimeSpan.FromSeconds(15));
        var cpuStart = CpuSeconds(edge.Id);
        var rss = new List<long>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            rss.Add(RssKiB(edge.Id));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var cpu = CpuSeconds(edge.Id) - cpuStart;
        var elapsed = clock.Elapsed.TotalSeconds;
        var sensors = witness.Readings.Select(r => r.Sensor).Distinct().Count();
        Console.WriteLine($"footprint: {sensors} sensors at 10 s, window {elapsed:F0} s after a 15 s warm-up: RSS mean {rss.Average() / 1024:F1} MiB, " +
            $"max {rss.Max() / 1024.0:F1} MiB; CPU {cpu:F2} s = {100 * cpu / elapsed:F2} % of one core; {witness.Batches.Count} batches received");
    }

    private static long RssKiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/pid/stat, in clock ticks of 1/100 s on Linux).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
