using System.Diagnostics.Metrics;

namespace ColdChain.Ingest.Consuming;

/// <summary>The <c>ColdChain.Ingest</c> meter: what came in, what was stored, what was refused and why.</summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "ColdChain.Ingest";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _readings;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _storeFailures;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("coldchain.ingest.messages", "{message}", "MQTT messages received");
        _readings = meter.CreateCounter<long>("coldchain.ingest.readings.stored", "{reading}", "Readings written to the telemetry store");
        _rejected = meter.CreateCounter<long>("coldchain.ingest.messages.rejected", "{message}", "Messages refused as bad input (acknowledged, not stored)");
        _storeFailures = meter.CreateCounter<long>("coldchain.ingest.store.failures", "{write}", "Store writes that failed (message left unacknowledged)");
    }

    public void Received(string kind) => _messages.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Stored(int readings) => _readings.Add(readings);

    public void Rejected(string kind, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    public void StoreFailed() => _storeFailures.Add(1);
}
