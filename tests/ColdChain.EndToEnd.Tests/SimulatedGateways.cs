using ColdChain.Edge.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdChain.EndToEnd.Tests;

/// <summary>Simulated gateways in their own host, as a Pi would be: started and stopped by the test.</summary>
internal sealed class SimulatedGateways : IAsyncDisposable
{
    private readonly IHost _host;

    private SimulatedGateways(IHost host) => _host = host;

    public static async Task<SimulatedGateways> StartAsync(SimulatedFleet fleet)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSimulatedFleet(fleet);
        var host = builder.Build();
        await host.StartAsync();
        return new SimulatedGateways(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
