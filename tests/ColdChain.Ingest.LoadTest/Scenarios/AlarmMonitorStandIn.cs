using ColdChain.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;

namespace ColdChain.Ingest.LoadTest.Scenarios;

/// <summary>
/// A stand-in for the platform's alarm monitor: a persistent session on all telemetry that subscribes the way the
/// monitor does against an external broker, through a share group of its own and only behind ingest
/// (<see cref="IngestGate"/>, the same code). It reconnects after the broker restart (quickly, to be back before ingest) and counts what it receives.
/// </summary>
internal sealed class AlarmMonitorStandIn : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _clientId = $"loadtest-alarm-monitor-{Guid.NewGuid():N}";
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _received;

    private AlarmMonitorStandIn() => Gate = new IngestGate(TimeProvider.System);

    public IngestGate Gate { get; }

    /// <summary>Telemetry messages received since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    public static async Task<AlarmMonitorStandIn> StartAsync(int port)
    {
        var standIn = new AlarmMonitorStandIn();
        standIn._client.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref standIn._received);
            return Task.CompletedTask;
        };
        standIn._client.DisconnectedAsync += _ =>
        {
            Volatile.Read(ref standIn._ended).TrySetResult();
            return Task.CompletedTask;
        };
        standIn._running = standIn.RunAsync(port, standIn._stop.Token);
        await ColdChain.Testing.Eventually.TrueAsync(() => standIn.Gate.State == IngestGateState.Subscribed, TimeSpan.FromSeconds(30), "the alarm monitor stand-in subscribed behind ingest");
        return standIn;
    }

    private async Task RunAsync(int port, CancellationToken cancellationToken)
    {
        string[] filters = [ColdChainTopics.Shared(_clientId, TopicKind.Telemetry)];
        while (!cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _ended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                await _client.ConnectAsync(
                    new MqttClientOptionsBuilder()
                        .WithTcpServer("127.0.0.1", port)
                        .WithClientId(_clientId)
                        .WithProtocolVersion(MqttProtocolVersion.V500)
                        .WithCleanStart(false)
                        .WithSessionExpiryInterval(3600)
                        .Build(),
                    cancellationToken);
                await Gate.HoldAsync(_client, filters, _ended.Task, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                // The broker is down or went away mid-probe: connect again.
            }

            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(cancellationToken: CancellationToken.None);
            }

            // Quicker than ingest's reconnect backoff, so that it is usually back first: the case the gate is for.
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _client.Dispose();
        _stop.Dispose();
    }
}
