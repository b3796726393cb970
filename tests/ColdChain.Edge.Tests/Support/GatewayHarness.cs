using ColdChain.Edge.Gateway;
using ColdChain.Edge.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ColdChain.Edge.Tests.Support;

/// <summary>
/// One simulated gateway on a fake clock against a real broker. Time moves only when the test ticks; each tick waits
/// (bounded) until the gateway has taken its sample, so the sample times are exactly the schedule's.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Morning = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    private GatewayHarness(FakeTimeProvider time, GatewayRunner runner, SimulatedFleet fleet)
    {
        Time = time;
        Runner = runner;
        Fleet = fleet;
    }

    public FakeTimeProvider Time { get; }

    internal GatewayRunner Runner { get; }

    public SimulatedFleet Fleet { get; }

    public SimulatedGateway Gateway => Fleet.Gateways[0];

    public static async Task<GatewayHarness> StartAsync(int brokerPort, SimulatedGateway gateway, string? dataDirectory = null, DateTimeOffset? start = null)
    {
        var time = new FakeTimeProvider(start ?? Morning);
        var fleet = new SimulatedFleet("127.0.0.1", brokerPort, [gateway]) { DataDirectory = dataDirectory };
        var runner = SimulatedFleetService.CreateRunner(fleet, gateway, time, NullLoggerFactory.Instance);
        var harness = new GatewayHarness(time, runner, fleet);
        harness._running = Task.Run(() => runner.RunAsync(harness._stop.Token));
        await Eventually.TrueAsync(() => runner.SamplesTaken >= 1, TimeSpan.FromSeconds(10), "the first sample");
        return harness;
    }

    public async Task TickAsync(int ticks = 1)
    {
        for (var i = 0; i < ticks; i++)
        {
            var before = Runner.SamplesTaken;
            Time.Advance(Fleet.SampleInterval);
            await Eventually.TrueAsync(() => Runner.SamplesTaken > before, TimeSpan.FromSeconds(10), "the next sample");
        }
    }

    /// <summary>Ticks until <paramref name="done"/>, giving real I/O (connects, PUBACKs) a moment between ticks.</summary>
    public async Task TickUntilAsync(Func<bool> done, string what, int maxTicks = 200)
    {
        for (var i = 0; i < maxTicks && !done(); i++)
        {
            await TickAsync();
            for (var poll = 0; poll < 10 && !done(); poll++)
            {
                await Task.Delay(20);
            }
        }

        Assert.That(done(), Is.True, $"{what} did not happen within {maxTicks} ticks");
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(15));
        _running = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Runner.DisposeAsync();
        _stop.Dispose();
    }
}
