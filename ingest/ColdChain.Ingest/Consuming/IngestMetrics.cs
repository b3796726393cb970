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
    private readonly Histogram<double> _writeDuration;
    private readonly Counter<long> _observations;
    private readonly Counter<long> _connectionsLost;
    private readonly Meter _meter;
    private int _brokerConnected;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = _meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("coldchain.ingest.messages", "{message}", "MQTT messages received");
        _readings = meter.CreateCounter<long>("coldchain.ingest.readings.stored", "{reading}", "Readings written to the telemetry store");
        _rejected = meter.CreateCounter<long>("coldchain.ingest.messages.rejected", "{message}", "Messages refused as bad input (dead-lettered, acknowledged, not stored)");
        _deadLetters = meter.CreateCounter<long>("coldchain.ingest.dead_letters", "{message}", "Refused messages stored in the dead-letter store");
        _duplicates = meter.CreateCounter<long>("coldchain.ingest.batches.duplicate", "{batch}", "Telemetry batches this instance stored before (redeliveries; harmless)");
        _storeFailures = meter.CreateCounter<long>("coldchain.ingest.store.failures", "{write}", "Batch writes that failed after retries (the batch is held unacknowledged)");
        _retries = meter.CreateCounter<long>("coldchain.ingest.store.retries", "{write}", "Store writes retried");
        _batchReadings = meter.CreateHistogram<int>("coldchain.ingest.batch.readings", "{reading}", "Readings per store write");
        _latency = meter.CreateHistogram<double>(LatencyInstrument, "s", "From the newest measurement time of a message to its readings stored");
        _writeDuration = meter.CreateHistogram<double>("coldchain.ingest.store.write.duration", "s", "How long one batch write to the telemetry store took (retries included)");
        _observations = meter.CreateCounter<long>("coldchain.ingest.gateway_observations.stored", "{observation}", "Gateway status messages and power changes stored");
        _connectionsLost = meter.CreateCounter<long>("coldchain.ingest.broker.connections_lost", "{connection}", "Broker connections that ended or failed (ingest reconnects)");
        meter.CreateObservableGauge("coldchain.ingest.broker.connected", () => Volatile.Read(ref _brokerConnected), null, "1 while connected to the broker with the subscriptions in place, else 0");
    }

    /// <summary>Publishes whether the writer reaches the store (0 while a batch is held for an outage).</summary>
    public void ObserveStore(Func<bool> available) =>
        _meter.CreateObservableGauge("coldchain.ingest.store.available", () => available() ? 1 : 0, null, "1 while the telemetry store takes writes, 0 while a batch is held for an outage");

    public void BrokerConnected(bool connected) => Volatile.Write(ref _brokerConnected, connected ? 1 : 0);

    public void ConnectionLost() => _connectionsLost.Add(1);

    public void GatewayObservationsStored(int count) => _observations.Add(count);

    public void Received(string kind) => _messages.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Stored(int readings) => _readings.Add(readings);

    public void Rejected(string kind, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    public void DeadLettered(string reason) => _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Duplicate() => _duplicates.Add(1);

    public void StoreFailed() => _storeFailures.Add(1);

    public void WriteRetried() => _retries.Add(1);

    public void BatchWritten(int readings, TimeSpan took)
    {
        _batchReadings.Record(readings);
        _writeDuration.Record(took.TotalSeconds);
    }

    public void Latency(TimeSpan latency) => _latency.Record(latency.TotalSeconds);
}
