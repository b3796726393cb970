using System.Diagnostics.Metrics;

namespace ColdChain.Ingest.Consuming;

/// <summary>The <c>ColdChain.Ingest</c> meter: what came in, what was stored, what was refused and why, how fast.</summary>
internal sealed class IngestMetrics
{
    public const string MeterName = "ColdChain.Ingest";
    public const string LatencyInstrument = "coldchain.ingest.store.latency";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _readings;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _storeFailures;
    private readonly Counter<long> _retries;
    private readonly Histogram<int> _batchReadings;
    private readonly Histogram<double> _latency;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("coldchain.ingest.messages", "{message}", "MQTT messages received");
        _readings = meter.CreateCounter<long>("coldchain.ingest.readings.stored", "{reading}", "Readings written to the telemetry store");
        _rejected = meter.CreateCounter<long>("coldchain.ingest.messages.rejected", "{message}", "Messages refused as bad input (dead-lettered, acknowledged, not stored)");
        _deadLetters = meter.CreateCounter<long>("coldchain.ingest.dead_letters", "{message}", "Refused messages stored in the dead-letter store");
        _duplicates = meter.CreateCounter<long>("coldchain.ingest.batches.duplicate", "{batch}", "Telemetry batches this instance stored before (redeliveries; harmless)");
        _storeFailures = meter.CreateCounter<long>("coldchain.ingest.store.failures", "{write}", "Batch writes that failed after retries (the batch is held unacknowledged)");
        _retries = meter.CreateCounter<long>("coldchain.ingest.store.retries", "{write}", "Store writes retried");
        _batchReadings = meter.CreateHistogram<int>("coldchain.ingest.batch.readings", "{reading}", "Readings per store write");
        _latency = meter.CreateHistogram<double>(LatencyInstrument, "s", "From the newest measurement time of a message to its readings stored");
    }

    public void Received(string kind) => _messages.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Stored(int readings) => _readings.Add(readings);

    public void Rejected(string kind, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    public void DeadLettered(string reason) => _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Duplicate() => _duplicates.Add(1);

    public void StoreFailed() => _storeFailures.Add(1);

    public void WriteRetried() => _retries.Add(1);

    public void BatchWritten(int readings) => _batchReadings.Record(readings);

    public void Latency(TimeSpan latency) => _latency.Record(latency.TotalSeconds);
}
