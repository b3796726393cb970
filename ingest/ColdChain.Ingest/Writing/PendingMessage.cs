using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;

namespace ColdChain.Ingest.Writing;

/// <summary>
/// One received MQTT message on its way to the stores: what to write (readings, or a dead letter for bad input, the
/// batch receipt, gateway status), and how to acknowledge it once all of that is durable.
/// </summary>
internal sealed record PendingMessage(
    string Topic,
    IReadOnlyList<StoredReading> Readings,
    DeadLetter? DeadLetter,
    BatchReceipt? Receipt,
    Func<CancellationToken, Task> Acknowledge)
{
    /// <summary>The newest measurement time among the readings: the end-to-end latency is measured from it.</summary>
    public DateTimeOffset? NewestReading { get; init; }

    /// <summary>Gateway status and power changes to keep for the gateway-health view.</summary>
    public IReadOnlyList<GatewayObservation> Observations { get; init; } = [];
}
