using ColdChain.Testing;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>A real mosquitto (persistence on, max_inflight_messages 1000) and a real, restartable influxd on loopback.</summary>
public sealed class Servers : IAsyncDisposable
{
    private Servers(MosquittoServer broker, RestartableInfluxDb influx)
    {
        Broker = broker;
        Influx = influx;
    }

    public MosquittoServer Broker { get; }

    public RestartableInfluxDb Influx { get; }

    public static async Task<Servers> StartAsync(CancellationToken cancellationToken)
    {
        var broker = await MosquittoServer.StartAsync(1000, cancellationToken);
        try
        {
            return new Servers(broker, await RestartableInfluxDb.StartAsync(cancellationToken));
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    public static string NewName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async ValueTask DisposeAsync()
    {
        await Influx.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
